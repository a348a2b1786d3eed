// The one error a reader sees from their own curation pages: a sentence saying what was wrong and,
// where it helps, what to do instead. 404 when the thing named is not theirs to see.
export class CurationError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 422 = 422,
  ) {
    super(message);
  }
}
