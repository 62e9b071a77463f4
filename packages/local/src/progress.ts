/**
 * A terminal progress line for long runs: bar, counts, percentage and an ETA. Pure, so the
 * rendering can be tested without a terminal.
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(sec).padStart(2, "0")}s` : `${sec}s`;
}

export function progressLine(done: number, total: number, etaMs: number, width = 30): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} units ${String(Math.floor(ratio * 100)).padStart(3)}%  ETA ${formatDuration(etaMs)}`;
}
