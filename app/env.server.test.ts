import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("INACTIVITY_MINUTE_SECONDS (the inactivity lock's minute, shortened by tests only)", () => {
  it("is a real minute unless set, and may be shortened outside production", () => {
    expect(parseEnv({}).INACTIVITY_MINUTE_SECONDS).toBe(60);
    expect(parseEnv({ INACTIVITY_MINUTE_SECONDS: "3" }).INACTIVITY_MINUTE_SECONDS).toBe(3);
  });

  it("is refused in production, and outside 1 to 60 seconds", () => {
    const production = { APP_MODE: "production", DATABASE_URL: "postgresql://app@db/tongxing" };
    expect(parseEnv(production).INACTIVITY_MINUTE_SECONDS).toBe(60);
    expect(() => parseEnv({ ...production, INACTIVITY_MINUTE_SECONDS: "3" })).toThrow(EnvError);
    for (const bad of ["0", "61", "1.5", "soon"]) expect(() => parseEnv({ INACTIVITY_MINUTE_SECONDS: bad }), bad).toThrow(/INACTIVITY_MINUTE_SECONDS/);
  });
});

describe("TESTING_CHANGE_NOTICE_MINUTES (how long before a testing slot it can still be changed)", () => {
  it("is two hours unless set, and a whole number of minutes up to a week", () => {
    expect(parseEnv({}).TESTING_CHANGE_NOTICE_MINUTES).toBe(120);
    expect(parseEnv({ TESTING_CHANGE_NOTICE_MINUTES: "0" }).TESTING_CHANGE_NOTICE_MINUTES).toBe(0);
    expect(parseEnv({ TESTING_CHANGE_NOTICE_MINUTES: "1440" }).TESTING_CHANGE_NOTICE_MINUTES).toBe(1440);
    for (const bad of ["-1", "10081", "1.5", "soon"]) expect(() => parseEnv({ TESTING_CHANGE_NOTICE_MINUTES: bad }), bad).toThrow(/TESTING_CHANGE_NOTICE_MINUTES/);
  });
});
