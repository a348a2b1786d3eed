// A one-line progress bar on a terminal's stderr; silent when stderr is a pipe or a file, so logs
// and CI output get only the per-file lines.

export interface ProgressBar {
  update(done: number, total: number, label: string): void;
  /** Clears the bar so that a normal line can be printed in its place. */
  clear(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const width = 24;
  let shown = false;
  return {
    update(done, total, label) {
      const filled = total ? Math.round((done / total) * width) : width;
      const columns = stream.columns ?? 80;
      const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} `;
      const room = Math.max(0, columns - head.length - 1);
      const tail = label.length > room ? '…' + label.slice(label.length - room + 1) : label;
      stream.write(`\r\x1b[2K${head}${tail}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
