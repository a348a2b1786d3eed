// The one error the community services throw for a reader's mistake or a refusal. The kind says
// how a caller answers it (the pages map it to 404, 401, 403 or 422; the CLI prints the message).
export type CommunityErrorKind = 'not_found' | 'sign_in' | 'forbidden' | 'invalid';

export class CommunityError extends Error {
  constructor(
    readonly kind: CommunityErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const STATUS_OF: Record<CommunityErrorKind, number> = {
  not_found: 404,
  sign_in: 401,
  forbidden: 403,
  invalid: 422,
};
