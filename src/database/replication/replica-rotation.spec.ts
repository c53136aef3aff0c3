import { ReplicaRotation } from './replica-rotation';

describe(ReplicaRotation.name, () => {
  const replicas = [
    { name: 'db1:3306', nodeId: 'SLAVE0' },
    { name: 'db2:3306', nodeId: 'SLAVE1' },
  ];
  let logger: { log: jest.Mock; warn: jest.Mock; error: jest.Mock };

  beforeEach(() => {
    logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  });

  const rotation = (staleAfterMs = 3000) => new ReplicaRotation(replicas, { maxLagMs: 5000, staleAfterMs }, logger);

  it('should start with every replica down and out of rotation, so none is picked', () => {
    const subject = rotation();

    expect(subject.statuses()).toEqual([
      { name: 'db1:3306', up: false, lagSeconds: null, inRotation: false, checkedAt: null },
      { name: 'db2:3306', up: false, lagSeconds: null, inRotation: false, checkedAt: null },
    ]);
    expect(subject.pick()).toBeUndefined();
  });

  it('should put a replica within the lag bound in rotation and say so once', () => {
    const subject = rotation();
    const [first] = subject.replicas;

    subject.record(first, 5);
    subject.record(first, 0.5);

    expect(subject.statuses()[0]).toEqual(expect.objectContaining({ up: true, lagSeconds: 0.5, inRotation: true }));
    expect(logger.log).toHaveBeenCalledTimes(1);
    expect(logger.log).toHaveBeenCalledWith('replica db1:3306 in rotation (lag 5 s)');
  });

  it('should keep a replica over the lag bound, or without the heartbeat row, up but out of rotation', () => {
    const subject = rotation();
    const [first, second] = subject.replicas;

    subject.record(first, 5.1);
    subject.record(second, null);

    expect(subject.statuses()).toEqual([
      expect.objectContaining({ up: true, lagSeconds: 5.1, inRotation: false }),
      expect.objectContaining({
        up: true,
        inRotation: false,
        error: 'no heartbeat row: is it replicating this database?',
      }),
    ]);
    expect(subject.pick()).toBeUndefined();
  });

  it('should warn when a replica in rotation falls behind', () => {
    const subject = rotation();
    const [first] = subject.replicas;
    subject.record(first, 0.1);

    subject.record(first, 30);

    expect(logger.warn).toHaveBeenCalledWith('replica db1:3306 out of rotation: lag 30 s over 5 s');
  });

  it('should take a failed replica out, with its error, warning only if it was in rotation', () => {
    const subject = rotation();
    const [first, second] = subject.replicas;
    subject.record(first, 0.1);

    subject.takeOut(first, new Error('connect ECONNREFUSED'));
    subject.takeOut(second, new Error('connect ECONNREFUSED'));

    expect(subject.statuses()[0]).toEqual(
      expect.objectContaining({ up: false, lagSeconds: null, inRotation: false, error: 'connect ECONNREFUSED' }),
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('should pick the replicas in rotation in turn', () => {
    const subject = rotation();
    subject.replicas.forEach((replica) => subject.record(replica, 0.1));

    const picked = [subject.pick(), subject.pick(), subject.pick(), subject.pick()].map((replica) => replica?.nodeId);

    expect(picked).toEqual(['SLAVE1', 'SLAVE0', 'SLAVE1', 'SLAVE0']);
  });

  it('should not pick a replica whose last answered check is too old', () => {
    const subject = rotation(-1);
    subject.replicas.forEach((replica) => subject.record(replica, 0.1));

    expect(subject.pick()).toBeUndefined();
  });
});
