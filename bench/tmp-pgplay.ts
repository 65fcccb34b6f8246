import { findPostgresBinDir, startPostgresCluster } from "../tests/support/postgres-cluster";
import { clusterDatabase } from "./support/statements";
const cluster = await startPostgresCluster(findPostgresBinDir()!, ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"]);
const url = await clusterDatabase(cluster, "play");
console.log(url);
process.on("SIGTERM", async () => { await cluster.stop(); process.exit(0); });
setInterval(() => {}, 1e6);
