import type { TestProject } from "vitest/node";
import { startE2eServer } from "./e2e-global-setup";

/** The same journeys with the server on a PostgreSQL server (DATABASE_URL), as in production. */
export default (project: TestProject) => startE2eServer(project, "postgresql");
