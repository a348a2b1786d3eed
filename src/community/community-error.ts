// The one error the community services throw for a reader's mistake or a refusal: an AppError of
// one of four kinds (the server answers 404, 401, 403 or 422; the CLI prints the message).
import { AppError } from '../app-error.ts';

export type CommunityErrorKind = 'not_found' | 'sign_in' | 'forbidden' | 'invalid';

export class CommunityError extends AppError {
  constructor(
    override readonly kind: CommunityErrorKind,
    message: string,
  ) {
    super(kind, message);
  }
}
