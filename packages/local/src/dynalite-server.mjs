// Runs dynalite in its own process, as DynamoDB is its own service: its CPU work then never
// delays our handlers' timers. Usage: fork(this, [dataDir]); it reports its port over IPC and
// exits when the parent goes away.
import dynalite from "dynalite";

const [path] = process.argv.slice(2);
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => server.close(() => process.exit(0)));
