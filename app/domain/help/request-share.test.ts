import { describe, expect, it } from "vitest";
import { isOpenRequest, REQUEST_STATUSES } from "./request-rules";
import { requestSharePlace } from "./request-share";

describe("requestSharePlace", () => {
  const every = REQUEST_STATUSES.flatMap((status) =>
    [false, true].flatMap((hasWorker) => [false, true].flatMap((hasIdentity) => [false, true].map((liveShare) => ({ status, hasWorker, hasIdentity, liveShare })))),
  );

  it("a live share is shown as shared whatever else holds (so it can be taken back)", () => {
    for (const state of every.filter((s) => s.liveShare)) expect(requestSharePlace(state), JSON.stringify(state)).toBe("shared");
  });

  it("a closed request offers nothing, before asking for a worker or saved details", () => {
    for (const state of every.filter((s) => !s.liveShare && !isOpenRequest(s.status))) expect(requestSharePlace(state), JSON.stringify(state)).toBe("closed");
  });

  it("an open request: first a worker must take it, then saved details are needed, then it can be shared", () => {
    const open = every.filter((s) => !s.liveShare && isOpenRequest(s.status));
    expect(open.length).toBeGreaterThan(0);
    for (const state of open) {
      const expected = !state.hasWorker ? "noWorker" : state.hasIdentity ? "canShare" : "noIdentity";
      expect(requestSharePlace(state), JSON.stringify(state)).toBe(expected);
    }
  });
});
