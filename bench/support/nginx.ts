/**
 * Debian's nginx as a round-robin load balancer in front of app instances, in a directory of
 * its own (configuration, logs, temp files), run in the foreground as a child process.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Time given to a reload before the instance it took out is stopped. */
const RELOAD_SETTLE_MS = 1000;

export type LoadBalancer = {
  readonly child: ChildProcess;
  /** Takes an instance (0-based) out of the round-robin: new configuration, then SIGHUP (nginx's graceful reload). */
  takeOutOfRotation(instance: number): Promise<void>;
  /** The upstream addresses the access log names for requests to `uri`. */
  upstreamsFor(uri: string): Set<string>;
  /** What went wrong between nginx and the instances, by kind and count ("connect() failed (111: …)": 12). */
  errors(): string;
  stop(): void;
};

export function hasNginx(): boolean {
  return spawnSync("nginx", ["-v"]).status === 0;
}

export function startNginx(dir: string, listenPort: number, upstreamPorts: readonly number[]): LoadBalancer {
  const outOfRotation = new Set<number>();
  const config = path.join(dir, "nginx.conf");
  // No keep-alive to the instances: a request is never sent down a connection to a dead one.
  // A refused connection is tried on the next instance (also for POST: nothing was sent).
  const write = () =>
    writeFileSync(
      config,
      `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  log_format upstreamed '$status $request_method $uri $upstream_addr';
  access_log ${dir}/nginx-access.log upstreamed;
  client_body_temp_path ${dir}/nginx-body;
  proxy_temp_path ${dir}/nginx-proxy;
  fastcgi_temp_path ${dir}/nginx-fastcgi;
  uwsgi_temp_path ${dir}/nginx-uwsgi;
  scgi_temp_path ${dir}/nginx-scgi;
  upstream portal {
${upstreamPorts.map((port, i) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=30s${outOfRotation.has(i) ? " down" : ""};`).join("\n")}
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://portal;
      proxy_next_upstream error timeout;
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`,
    );
  write();
  const test = spawnSync("nginx", ["-t", "-c", config, "-p", dir], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx refused its configuration: ${test.stderr}`);
  const child = spawn("nginx", ["-c", config, "-p", dir], { stdio: "ignore" });
  return {
    child,
    async takeOutOfRotation(instance) {
      outOfRotation.add(instance);
      write();
      child.kill("SIGHUP");
      // The old worker finishes the requests it has; new ones go to the new workers.
      await new Promise((resolve) => setTimeout(resolve, RELOAD_SETTLE_MS));
    },
    upstreamsFor(uri) {
      const upstreams = new Set<string>();
      for (const line of readFileSync(path.join(dir, "nginx-access.log"), "utf8").split("\n")) {
        const [, , loggedUri, upstream] = line.split(" ");
        if (loggedUri === uri && upstream) upstreams.add(upstream);
      }
      return upstreams;
    },
    errors() {
      const file = path.join(dir, "nginx-error.log");
      if (!existsSync(file)) return "";
      const counts = new Map<string, number>();
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const kind = /\[(?:error|warn)\] \d+#\d+: \*?\d* ?([^,]+)/.exec(line)?.[1];
        if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      return [...counts].map(([kind, n]) => `${kind}: ${n}`).join("; ");
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
    },
  };
}
