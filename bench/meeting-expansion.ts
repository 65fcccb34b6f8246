// What working out a group's coming meetings costs, by how old its series is (issue 13: no
// page's cost may grow with its data). /home, a group's page and the meeting-times job expand
// each series for the next weeks (upcomingOccurrences); a weekly series runs up to two years.
// Prints microseconds per series, in this process, for a series begun a week, a year and two
// years before "now", with one cancelled occurrence. They should stay about equal.
//
// Run:  npx tsx bench/meeting-expansion.ts [--calls 20000]
import { parseArgs } from "node:util";
import type { MeetingSeries } from "../app/domain/groups/recurrence";
import { upcomingOccurrences } from "../app/domain/groups/schedule";

const { values: options } = parseArgs({ options: { calls: { type: "string", default: "20000" } } });
const calls = Number(options.calls);
const now = new Date("2029-01-01T00:00:00Z");
const seriesFrom = (startsOn: string) => ({
  id: "bench",
  series: { startsOn, startTime: "19:30", durationMinutes: 90, timeZone: "Asia/Shanghai", frequency: "weekly", monthlyWeek: null, untilOn: null, occurrenceCount: null } satisfies MeetingSeries,
  exceptions: [{ occurrenceOn: "2027-03-02", kind: "cancelled" as const }],
});

const rows = [
  ["a week", "2028-12-25"],
  ["a year", "2028-01-04"],
  ["two years", "2027-01-05"],
].map(([age, startsOn]) => {
  const list = [seriesFrom(startsOn!)];
  for (let i = 0; i < calls / 10; i++) upcomingOccurrences(list, now, 21, 5);
  const started = performance.now();
  for (let i = 0; i < calls; i++) upcomingOccurrences(list, now, 21, 5);
  return { "series begun": `${age} before`, "µs per series": Number((((performance.now() - started) / calls) * 1000).toFixed(1)) };
});
console.table(rows);
