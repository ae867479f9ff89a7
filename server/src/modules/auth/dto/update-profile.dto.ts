import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '../../users/user.entity';

export class PasswordChangeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  current: string;

  @IsString()
  @MinLength(10, { message: 'password: minimal 10 karakter' })
  @MaxLength(200)
  next: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Siti Aminah' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ type: PasswordChangeDto, description: 'ends every other login of the user' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PasswordChangeDto)
  password?: PasswordChangeDto;
}
