import { validateSync } from 'class-validator';
import { IsEmailAddress, IsHttpUrl } from './string-formats';

class Contact {
  @IsEmailAddress()
  email: unknown;

  @IsHttpUrl()
  image: unknown;
}

const invalid = (email: unknown, image: unknown) =>
  validateSync(Object.assign(new Contact(), { email, image })).map((e) => e.property);

describe('IsEmailAddress and IsHttpUrl', () => {
  it('should accept an email address and an http(s) URL', () => {
    expect(invalid('jake@jake.jake', 'https://example.com/jake.jpg')).toEqual([]);
    expect(invalid('jake@example.com', 'http://127.0.0.1:3000/a.png')).toEqual([]);
  });

  it.each([
    ['no domain', 'jake'],
    ['two at signs', 'jake@@jake.jake'],
    ['not a string', 42],
  ])('should refuse an email with %s', (_case, email) => {
    expect(invalid(email, 'https://example.com/a.png')).toEqual(['email']);
  });

  it.each([
    ['no scheme', 'example.com/a.png'],
    ['another scheme', 'ftp://example.com/a.png'],
    ['a script', 'javascript:alert(1)'],
  ])('should refuse a URL with %s', (_case, image) => {
    expect(invalid('jake@jake.jake', image)).toEqual(['image']);
  });
});
