// The top of a V8 CPU profile (node --cpu-prof; bench/server-cost.ts --profile DIR writes one
// per engine): self time by package or app folder, and by function.
// Run: npx tsx bench/profile-top.ts FILE.cpuprofile [rows] [from-ms]
//   from-ms: leave out the first milliseconds of the process (start-up; server-cost.ts prints
//   when its load began).
import { readFileSync } from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const [file, rowsArg, fromArg] = process.argv.slice(2);
if (!file) throw new Error("usage: npx tsx bench/profile-top.ts FILE.cpuprofile [rows]");
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const fromMicros = Number(fromArg ?? 0) * 1000;
const selfMicros = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  if (elapsed >= fromMicros) selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** Where a function lives: an npm package, a folder of ours, or what V8 calls it. */
function place(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith("node:")) return url.split("/")[0] ?? url;
  const ours = /\/(app\/[^/]+|build\/server)/.exec(url);
  return ours?.[1] ?? url.replace(/^file:\/\//, "");
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const where = place(frame.url, frame.functionName);
  byPlace.set(where, (byPlace.get(where) ?? 0) + micros);
  const key = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}

const top = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, micros]) => ({ "self %": ((micros / total) * 100).toFixed(1), "self ms": Math.round(micros / 1000), name }));

console.log(`${file}: ${Math.round(total / 1000)} ms sampled`);
console.table(top(byPlace));
console.table(top(byFunction));
