import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { MaxChars } from '../common/validation/max-chars';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BLANK } from '../common/validation/messages';
import { Omittable } from '../common/validation/omittable';
import { IsEmailAddress, IsHttpUrl } from '../common/validation/string-formats';
import { emptyToNull, trim } from '../common/validation/transforms';
import { UserEntity } from './user.entity';

// Literal bounds below, not constants: the Swagger plugin documents only literal arguments. The
// column lengths in user.entity.ts are the upper limits these must stay within (checked in user.dto.spec.ts).
// class-validator runs a property's decorators bottom up and stops at the first failure: the blank
// check is the lowest, so a missing, null or empty field reads "can't be blank" as the spec words it.

export class NewUser {
  /**
   * Letters, digits, `_` and `-`; unique regardless of case, shown with the case given here.
   * @example jake
   */
  @Transform(trim)
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'username must be 1-32 characters of letters, digits, _ or -' })
  @IsString()
  @IsNotEmpty({ message: BLANK })
  username!: string;

  /**
   * Compared case-insensitively and stored lowercased.
   * @example jake@jake.jake
   */
  @Transform(trim)
  @MaxChars(254)
  @MaxLength(254)
  @IsEmailAddress({ message: 'email must be a valid email address' })
  @IsString()
  @IsNotEmpty({ message: BLANK })
  email!: string;

  /**
   * 8 to 128 characters, any (NIST SP 800-63B: a minimum length, no composition rules).
   * @example jakejakejake
   */
  @ApiProperty({ format: 'password' })
  @MinLength(8)
  @MaxLength(128)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  password!: string;
}

export class NewUserRequest {
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'user must be an object' })
  @ValidateNested()
  @Type(() => NewUser)
  user!: NewUser;
}

export class LoginUser {
  /**
   * @example jake@jake.jake
   */
  @Transform(trim)
  @MaxLength(254)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  email!: string;

  /**
   * @example jakejakejake
   */
  @ApiProperty({ format: 'password' })
  @MaxLength(128)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  password!: string;
}

export class LoginUserRequest {
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'user must be an object' })
  @ValidateNested()
  @Type(() => LoginUser)
  user!: LoginUser;
}

/**
 * Every field optional; null only for `bio` and `image` (the others are validated as sent). The
 * password is declared again: the spec documents it without NewUser's `format: password`.
 */
export class UpdateUser extends PartialType(OmitType(NewUser, ['password'] as const), { skipNullProperties: false }) {
  /**
   * A new password, 8 to 128 characters.
   * @example jakejakejake
   */
  @Omittable()
  @MinLength(8)
  @MaxLength(128)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  password?: string;

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
  @IsHttpUrl({ message: 'image must be an http(s) URL or null' })
  @IsString()
  image?: string | null;
}

export class UpdateUserRequest {
  /** At least one field. */
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'user must be an object' })
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
