/** The spec's word for a required field that is missing, null or empty. */
export const BLANK = "can't be blank";
