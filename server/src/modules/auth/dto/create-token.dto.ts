import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ example: 'Skrip Bappeda' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+07:00' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;
}
