import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Where reminders reach a person outside the app; `null` removes a channel. */
export class UpdateContactDto {
  @ApiPropertyOptional({ nullable: true, example: 'kader@example.org' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail({}, { message: 'email harus alamat e-mail yang sah' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '+6281234567890' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^\+?[0-9]{6,20}$/, { message: 'phone harus nomor telepon (angka, boleh diawali +)' })
  phone?: string | null;
}
