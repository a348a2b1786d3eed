// The one error a reader sees from their own curation pages: a sentence saying what was wrong and,
// where it helps, what to do instead. Not found when the thing named is not theirs to see.
import { AppError } from '../app-error.ts';

export class CurationError extends AppError {
  constructor(
    message: string,
    readonly status: 404 | 422 = 422,
  ) {
    super(status === 404 ? 'not_found' : 'invalid', message);
  }
}
