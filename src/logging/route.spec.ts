import { IncomingMessage } from 'node:http';
import { routeOf, UNMATCHED_ROUTE } from './route';

const request = (fields: object) => fields as IncomingMessage;

describe('routeOf', () => {
  it('should give the pattern Express matched, under its router’s base', () => {
    expect(routeOf(request({ route: { path: '/api/articles/:slug' }, baseUrl: '' }))).toBe('/api/articles/:slug');
    expect(routeOf(request({ route: { path: '/:slug' }, baseUrl: '/api/articles' }))).toBe('/api/articles/:slug');
    expect(routeOf(request({ route: { path: '/api/tags' } }))).toBe('/api/tags');
  });

  it('should give one label to every request that matched no route, whatever its URL', () => {
    expect(routeOf(request({ url: '/wp-admin/setup.php' }))).toBe(UNMATCHED_ROUTE);
    expect(routeOf(request({ route: { path: /regexp/ }, url: '/x' }))).toBe(UNMATCHED_ROUTE);
  });
});
