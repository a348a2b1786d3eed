// One error type for every file Quire cannot read, so the CLI and the web form can show
// `reason` to the writer as it is. Reasons are plain sentences; library messages and stack
// traces never reach them (readers wrap those).

export class ImportError extends Error {
  constructor(
    public readonly file: string,
    public readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImportError';
  }
}

/** 10 MiB: far above the longest novels (a 500k-word work is ~3 MB of text). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** "file is 50.0 MB; the limit is 10 MB" — sizes in MiB, written MB as people say it. */
export function tooLargeReason(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `file is ${mib.toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / (1024 * 1024)} MB`;
}

/** Runs a reader, turning stack exhaustion on absurdly nested markup into an ImportError. */
export function withDepthGuard<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new ImportError(file, 'document is nested too deeply to read');
    }
    throw e;
  }
}
