import { afterEach, describe, expect, it, vi } from "vitest";
import { logEvent, logRequest } from "./log.server";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("the access log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the requests answered in one turn of the event loop together, one JSON line each", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    logRequest({ method: "GET", path: "/home", status: 200, ms: 3 });
    logRequest({ method: "POST", path: "/groups", status: 303, ms: 9 });
    expect(write).not.toHaveBeenCalled();
    await nextTurn();
    expect(write).toHaveBeenCalledTimes(1);
    const lines = String(write.mock.calls[0]?.[0]).trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: "info", event: "request", method: "GET", path: "/home", status: 200, ms: 3 }),
      expect.objectContaining({ level: "info", event: "request", method: "POST", path: "/groups", status: 303, ms: 9 }),
    ]);
    await nextTurn();
    expect(write).toHaveBeenCalledTimes(1);
  });

  it("writes the waiting request lines before any other line, so the log keeps its order", async () => {
    const order: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => order.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => order.push(String(chunk)) > 0);
    logRequest({ method: "GET", path: "/home", status: 200, ms: 3 });
    logEvent("error", "render", { error: "TypeError" });
    expect(order.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(["request", "render"]);
    await nextTurn();
    expect(order).toHaveLength(2);
  });
});
