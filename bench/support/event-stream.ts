/** A server-sent event stream's events as they come (name and data), read until it ends or is aborted. */
export function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: { name: string; data: string }) => void): void {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          if (name !== undefined) onEvent({ name, data: /^data: (.*)$/m.exec(block)?.[1] ?? "" });
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
}
