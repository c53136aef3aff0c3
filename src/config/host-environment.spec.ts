import { hostEnvironment, readHostEnvironment } from './host-environment';

describe(readHostEnvironment.name, () => {
  it('should read PATH as the search path, with a default', () => {
    expect(readHostEnvironment({ PATH: '/opt/bin:/usr/bin' }).searchPath).toBe('/opt/bin:/usr/bin');
    expect(readHostEnvironment({}).searchPath).toBe('/usr/bin:/bin');
  });

  it("should read PM2's variables in a process it started", () => {
    expect(readHostEnvironment({ pm_id: '2', name: 'conduit', exec_mode: 'cluster_mode' }).pm2).toEqual({
      id: 2,
      name: 'conduit',
      clusterMode: true,
    });
    expect(readHostEnvironment({ pm_id: '0', name: 'conduit', exec_mode: 'fork_mode' }).pm2).toEqual({
      id: 0,
      name: 'conduit',
      clusterMode: false,
    });
  });

  it('should find no PM2 without a numeric pm_id', () => {
    expect(readHostEnvironment({ name: 'conduit' }).pm2).toBeUndefined();
    expect(readHostEnvironment({ pm_id: 'x' }).pm2).toBeUndefined();
  });
});

describe(hostEnvironment.name, () => {
  it("should read this process's environment once and keep it", () => {
    expect(hostEnvironment()).toBe(hostEnvironment());
    expect(hostEnvironment().searchPath).toBe(process.env.PATH ?? '/usr/bin:/bin');
  });
});
