import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsOptional, IsString, ValidateNested, ValidationError } from 'class-validator';
import { BLANK } from './messages';
import { createValidationPipe, fieldErrors } from './validation.pipe';

class NewThing {
  @IsString()
  @IsNotEmpty({ message: BLANK })
  title!: string;

  @IsOptional()
  @IsString({ each: true, message: 'tagList must hold strings' })
  tagList?: string[];
}

class NewThingRequest {
  @IsDefined({ message: BLANK })
  @ValidateNested()
  @Type(() => NewThing)
  thing!: NewThing;
}

const error = (property: string, constraints: Record<string, string>, children: ValidationError[] = []) =>
  Object.assign(new ValidationError(), { property, constraints, children });

describe('fieldErrors', () => {
  it('should key each message by its own field, without the field name in front', () => {
    const tree = [
      error('user', {}, [
        error('email', { isEmail: 'email must be an email' }),
        error('bio', { isString: 'not text' }),
      ]),
    ];

    expect(fieldErrors(tree)).toEqual({ email: ['must be an email'], bio: ['not text'] });
  });

  it("should file an array element's messages under the array's name", () => {
    const tree = [error('tagList', {}, [error('0', { isNotEmpty: 'must not be empty' })])];

    expect(fieldErrors(tree)).toEqual({ tagList: ['must not be empty'] });
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const body = (value: unknown) => pipe.transform(value, { type: 'body', metatype: NewThingRequest });

  it('should strip unknown fields and keep the known ones', async () => {
    const request = (await body({ thing: { title: 'Dragons', slug: 'mine' }, admin: true })) as NewThingRequest;

    expect(request).toBeInstanceOf(NewThingRequest);
    expect(request).toEqual({ thing: { title: 'Dragons' } });
  });

  it('should refuse with the messages keyed by field, one per field', async () => {
    const refused = body({ thing: { title: 42, tagList: ['ok', 7] } });

    await expect(refused).rejects.toMatchObject({
      fields: { title: ['must be a string'], tagList: ['must hold strings'] },
    });
  });

  it('should refuse a missing envelope under its own name', async () => {
    await expect(body({})).rejects.toMatchObject({ fields: { thing: [BLANK] } });
  });

  it('should leave path parameters as strings for their own pipes, and convert query numbers', async () => {
    expect(await pipe.transform('0x1F', { type: 'param', metatype: Number, data: 'id' })).toBe('0x1F');
    expect(await pipe.transform('31', { type: 'query', metatype: Number, data: 'limit' })).toBe(31);
  });
});
