import { plainToInstance } from 'class-transformer';
import { IsOptional, Matches, validateSync } from 'class-validator';
import { commaList, EnvBool, EnvInt, EnvNumber, EnvRule, EnvString, RequiredWhen } from './env.decorators';

class Sample {
  @EnvInt(1, 10)
  INT = 5;

  @EnvNumber(0.5, 2)
  NUMBER = 1;

  @IsOptional()
  @EnvBool()
  BOOL?: boolean;

  @IsOptional()
  @EnvString(4)
  TEXT?: string;

  @IsOptional()
  @Matches(new RegExp(`^${commaList('[a-z]+')}$`), { message: 'LIST must be words' })
  LIST?: string;

  @IsOptional()
  @EnvRule<Sample, number>('belowInt', (limit, sample) => limit < sample.INT, '$property must be below INT')
  @EnvInt(0, 100)
  LIMIT?: number;

  @RequiredWhen<Sample>((sample) => sample.BOOL === true, 'NEEDED is required when BOOL=true')
  @EnvString()
  NEEDED?: string;
}

/** The sample read from `raw`, or the one message of its first bad variable. */
function read(raw: Record<string, string>): Sample | string {
  const sample = plainToInstance(Sample, raw, { exposeDefaultValues: true });
  const [error] = validateSync(sample, { stopAtFirstError: true });
  return error === undefined ? sample : Object.values(error.constraints ?? {}).join('; ');
}

describe('environment variable decorators', () => {
  describe(EnvInt.name, () => {
    it('should convert a whole number', () => {
      expect(read({ INT: '7' })).toEqual(expect.objectContaining({ INT: 7 }));
    });

    it.each([
      ['abc', 'INT must be an integer number'],
      ['2.5', 'INT must be an integer number'],
      ['11', 'INT must not be greater than 10'],
      ['0', 'INT must not be less than 1'],
    ])('should reject %s with its first problem only', (value, message) => {
      expect(read({ INT: value })).toBe(message);
    });
  });

  describe(EnvNumber.name, () => {
    it('should convert a decimal number', () => {
      expect(read({ NUMBER: '1.5' })).toEqual(expect.objectContaining({ NUMBER: 1.5 }));
    });

    it.each([
      ['x', /^NUMBER must be a number/],
      ['Infinity', /^NUMBER must be a number/],
      ['0.25', /^NUMBER must not be less than 0.5$/],
    ])('should reject %s', (value, message) => {
      expect(read({ NUMBER: value })).toMatch(message);
    });
  });

  describe(EnvBool.name, () => {
    it.each([
      [' Yes ', true],
      ['1', true],
      ['TRUE', true],
      ['no', false],
      ['0', false],
      ['False', false],
    ])('should read %j as %s', (value, bool) => {
      expect(read({ BOOL: value, NEEDED: 'x' })).toEqual(expect.objectContaining({ BOOL: bool }));
    });

    it('should reject anything else, naming the variable', () => {
      expect(read({ BOOL: 'maybe' })).toBe('BOOL must be true or false');
    });
  });

  describe(EnvString.name, () => {
    it('should take text up to its limit', () => {
      expect(read({ TEXT: 'abcd' })).toEqual(expect.objectContaining({ TEXT: 'abcd' }));
      expect(read({ TEXT: 'abcde' })).toBe('TEXT must be shorter than or equal to 4 characters');
    });
  });

  describe(commaList.name, () => {
    it.each(['a', 'a,b', 'a , b,c'])('should match the list %j', (value) => {
      expect(read({ LIST: value })).toBeInstanceOf(Sample);
    });

    it.each(['a,', ',a', 'a;b', 'a,,b'])('should not match %j', (value) => {
      expect(read({ LIST: value })).toBe('LIST must be words');
    });
  });

  describe(EnvRule.name, () => {
    it('should check the value against the other variables, converted', () => {
      expect(read({ INT: '8', LIMIT: '7' })).toBeInstanceOf(Sample);
      expect(read({ INT: '8', LIMIT: '9' })).toBe('LIMIT must be below INT');
    });

    it("should report the variable's own format first", () => {
      expect(read({ INT: '8', LIMIT: 'many' })).toBe('LIMIT must be an integer number');
    });
  });

  describe(RequiredWhen.name, () => {
    it('should let the variable be unset unless the condition holds', () => {
      expect(read({})).toBeInstanceOf(Sample);
      expect(read({ BOOL: 'true' })).toBe('NEEDED is required when BOOL=true');
      expect(read({ BOOL: 'true', NEEDED: 'here' })).toBeInstanceOf(Sample);
    });
  });
});
