/** No token, or one that stands for nobody: 401. */
export class Unauthenticated extends Error {
  constructor(message = 'Send a bearer token of an active account: Authorization: Bearer <token>') {
    super(message);
  }
}

/** A known principal without the role or study membership the request needs: 403. */
export class Forbidden extends Error {}
