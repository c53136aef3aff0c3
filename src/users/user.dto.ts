import { PartialType } from '@nestjs/swagger';
import { MaxChars } from '../common/validation/max-chars';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoNullFields } from '../common/validation/no-null-fields';
import { emptyToNull, trim } from '../common/validation/transforms';
import { UserEntity } from './user.entity';

// Literal bounds below, not constants: the Swagger plugin documents only literal arguments. The
// column lengths in user.entity.ts are the upper limits these must stay within (checked in user.dto.spec.ts).

export class NewUser {
  /**
   * Letters, digits, `_` and `-`; unique regardless of case, shown with the case given here.
   * @example jake
   */
  @Transform(trim)
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'username must be 1-32 characters of letters, digits, _ or -' })
  @IsString()
  username!: string;

  /**
   * Compared case-insensitively and stored lowercased.
   * @example jake@jake.jake
   */
  @Transform(trim)
  @MaxChars(254)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @IsString()
  email!: string;

  /**
   * @example jakejakejake
   */
  @MinLength(8)
  @MaxLength(128)
  @IsString()
  password!: string;
}

export class NewUserRequest {
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => NewUser)
  user!: NewUser;
}

export class LoginUser {
  /**
   * @example jake@jake.jake
   */
  @Transform(trim)
  @MinLength(1)
  @MaxLength(254)
  @IsString()
  email!: string;

  /**
   * @example jakejakejake
   */
  @MinLength(1)
  @MaxLength(128)
  @IsString()
  password!: string;
}

export class LoginUserRequest {
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => LoginUser)
  user!: LoginUser;
}

export class UpdateUser extends PartialType(NewUser) {
  /**
   * Free text; `null` or `""` clears it.
   * @example I work at statefarm
   */
  @Transform(emptyToNull)
  @IsOptional()
  @MaxChars(2000)
  @MaxLength(2000)
  @IsString()
  bio?: string | null;

  /**
   * An http(s) URL of the avatar; `null` or `""` clears it.
   * @example https://api.realworld.io/images/smiley-cyrus.jpg
   */
  @Transform(emptyToNull)
  @IsOptional()
  @MaxChars(2048)
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'image must be an http(s) URL or null' })
  @IsString()
  image?: string | null;
}

export class UpdateUserRequest {
  /** At least one field. */
  @IsDefined()
  @IsNotEmptyObject(undefined, { message: 'user must contain at least one field to update' })
  @NoNullFields(['bio', 'image'])
  @ValidateNested()
  @Type(() => UpdateUser)
  user!: UpdateUser;
}

export class User {
  /** @example jake@jake.jake */
  email!: string;
  /** A JWT to send as `Authorization: Token <token>` (or `Bearer <token>`). */
  token!: string;
  /** @example jake */
  username!: string;
  /** @example I work at statefarm */
  bio!: string | null;
  /** @example https://api.realworld.io/images/smiley-cyrus.jpg */
  image!: string | null;
}

export class UserResponse {
  user!: User;
}

export const toUser = (row: UserEntity, token: string): User => ({
  email: row.email,
  token,
  username: row.username,
  bio: row.bio,
  image: row.image,
});
