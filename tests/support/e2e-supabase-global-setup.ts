import type { TestProject } from "vitest/node";
import { startE2eServer } from "./e2e-global-setup";

/** The Supabase-mode journey: the server with DATABASE_FLAVOR=supabase on a Supabase-style database, against a fake Supabase Auth. */
export default (project: TestProject) => startE2eServer(project, "supabase");
