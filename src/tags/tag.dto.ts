export class TagsResponse {
  /**
   * The tags in use, most used first, then by name; at most 100.
   * @example ["dragons", "training"]
   */
  tags!: string[];
}
