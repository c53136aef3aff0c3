import { getMetadataStorage } from 'class-validator';
import { getMetadataArgsStorage } from 'typeorm';
import { NewUser, UpdateUser } from './user.dto';
import { UserEntity } from './user.entity';

/** The DTOs' literal maximum lengths must fit the columns they are stored in. */
describe('User DTO bounds', () => {
  const maxLength = (target: new () => object, property: string): number | undefined =>
    getMetadataStorage()
      .getTargetValidationMetadatas(target, '', true, false)
      .find((meta) => meta.propertyName === property && meta.name === 'maxLength')?.constraints[0] as
      number | undefined;

  const columnLength = (property: string): number =>
    Number(
      getMetadataArgsStorage().columns.find((c) => c.target === UserEntity && c.propertyName === property)?.options
        .length,
    );

  it.each([
    [NewUser, 'email'],
    [UpdateUser, 'image'],
  ])('should keep %p.%s within its column', (target, property) => {
    expect(maxLength(target, property)).toBeLessThanOrEqual(columnLength(property));
  });

  it('should keep the username pattern within its column', () => {
    const pattern = getMetadataStorage()
      .getTargetValidationMetadatas(NewUser, '', true, false)
      .find((meta) => meta.propertyName === 'username' && meta.name === 'matches')?.constraints[0] as RegExp;

    expect(pattern.test('a'.repeat(columnLength('username')))).toBe(true);
    expect(pattern.test('a'.repeat(columnLength('username') + 1))).toBe(false);
  });
});
