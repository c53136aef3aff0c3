import { IsString, validateSync } from 'class-validator';
import { Omittable } from './omittable';

class Profile {
  @Omittable()
  @IsString()
  bio?: unknown;
}

const invalid = (fields: object) => validateSync(Object.assign(new Profile(), fields)).map((e) => e.property);

describe('Omittable', () => {
  it('should skip validation of a field left out', () => {
    expect(invalid({})).toEqual([]);
  });

  it('should validate a field that is sent, null included', () => {
    expect(invalid({ bio: 'I 🐉' })).toEqual([]);
    expect(invalid({ bio: null })).toEqual(['bio']);
    expect(invalid({ bio: 42 })).toEqual(['bio']);
  });
});
