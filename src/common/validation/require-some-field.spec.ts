import { requireSomeField } from './require-some-field';

interface Changes {
  title?: string;
  body?: string;
}

/** The error thrown, or undefined. */
function refusal(input: Changes): unknown {
  try {
    requireSomeField<Changes>('article', input, ['title', 'body']);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('requireSomeField', () => {
  it('should let an update through when one of the fields is set', () => {
    expect(refusal({ body: 'Rewritten' })).toBeUndefined();
    expect(refusal({ title: '' })).toBeUndefined();
  });

  it('should refuse an update without any of the fields, naming its envelope', () => {
    expect(refusal({})).toMatchObject({ envelope: 'article' });
    expect(refusal({ title: undefined })).toMatchObject({ envelope: 'article' });
  });

  it('should look only at the fields it is given', () => {
    expect(() => requireSomeField<Changes>('article', { body: 'b' }, ['title'])).toThrow();
  });
});
