export class GenericErrorBody {
  /**
   * Human-readable messages, each naming the field or thing it is about.
   * @example ["email has already been taken"]
   */
  body!: string[];
}

/** The one error shape of the API: `{ "errors": { "body": ["..."] } }`. */
export class GenericErrorModel {
  errors!: GenericErrorBody;
}

export const errorBody = (messages: string[]): GenericErrorModel => ({ errors: { body: messages } });
