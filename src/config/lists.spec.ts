import { parseHostList, splitList } from './lists';

describe(splitList.name, () => {
  it.each([
    [undefined, []],
    ['', []],
    [' a, b ,,c ', ['a', 'b', 'c']],
  ])('should split %j into %j', (value, items) => {
    expect(splitList(value)).toEqual(items);
  });
});

describe(parseHostList.name, () => {
  it('should read hosts and ports, the default port where one is left out', () => {
    expect(parseHostList(' db1:3307, db_2 ,[::1]:3308,[fe80::1],10.0.0.5', 3306)).toEqual([
      { host: 'db1', port: 3307 },
      { host: 'db_2', port: 3306 },
      { host: '::1', port: 3308 },
      { host: 'fe80::1', port: 3306 },
      { host: '10.0.0.5', port: 3306 },
    ]);
  });

  it('should take another default port', () => {
    expect(parseHostList('cache', 6379)).toEqual([{ host: 'cache', port: 6379 }]);
  });

  it('should read nothing from an unset list', () => {
    expect(parseHostList(undefined)).toEqual([]);
  });
});
