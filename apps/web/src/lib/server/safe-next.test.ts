import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it.each([
    ['/orders?status=open#list', '/orders?status=open#list'],
    ['/orders/3f0c', '/orders/3f0c'],
    ['/search?q=a//b', '/search?q=a//b'],
    // non-ASCII goes out percent-encoded, so the Location header stays valid
    ['/orders?q=点云', '/orders?q=%E7%82%B9%E4%BA%91'],
    ['/vendors/../orders', '/orders'],
  ])('keeps the path %j inside the site', (next, expected) => {
    expect(safeNext(next, '/')).toBe(expected);
  });

  it.each([
    ['a tab that browsers drop', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a carriage return', '/orders\r\nSet-Cookie: x=1'],
    ['a NUL', '/orders\u0000'],
    ['a C1 control', '/orders\u0085'],
    ['a backslash', '/\\evil.example'],
    ['a backslash after the slash', '/\\/evil.example'],
    ['an encoded tab', '/%09/evil.example'],
    ['an encoded newline', '/%0a/evil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['a dot segment that leaves //', '/.//evil.example'],
    ['dot segments that leave //', '/a/..//evil.example'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['a full URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'orders'],
    ['a broken escape', '/orders%E0%A4%A'],
    ['nothing', ''],
  ])('falls back for %s', (_, next) => {
    expect(safeNext(next, '/org')).toBe('/org');
  });

  it('falls back for a missing value', () => {
    expect(safeNext(null, '/')).toBe('/');
    expect(safeNext(undefined, '/')).toBe('/');
  });
});
