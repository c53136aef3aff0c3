import { parseQuery } from './query';

describe('parseQuery', () => {
  it('should read plain parameters as strings and repeated ones as arrays', () => {
    expect(parseQuery('tag=dragons&limit=20&offset=0')).toEqual({ tag: 'dragons', limit: '20', offset: '0' });
    expect(parseQuery('limit=1&limit=2')).toEqual({ limit: ['1', '2'] });
  });

  it('should read brackets as an array or an object, so that validation refuses them', () => {
    expect(parseQuery('limit[]=1')).toEqual({ limit: ['1'] });
    expect(parseQuery('tag[a]=b')).toEqual({ tag: { a: 'b' } });
  });

  it('should nest no deeper than one level, and turn an index past 20 into an object key', () => {
    expect(parseQuery('a[b][c]=d')).toEqual({ a: { b: { '[c]': 'd' } } });
    expect(parseQuery('a[21]=x')).toEqual({ a: { '21': 'x' } });
  });

  it('should read at most 50 parameters', () => {
    const query = Array.from({ length: 60 }, (_, i) => `p${i}=1`).join('&');

    expect(Object.keys(parseQuery(query))).toHaveLength(50);
  });

  it('should drop a parameter that would shadow an Object.prototype member', () => {
    expect(parseQuery('hasOwnProperty=x&toString=y&tag=z')).toEqual({ tag: 'z' });
  });
});
