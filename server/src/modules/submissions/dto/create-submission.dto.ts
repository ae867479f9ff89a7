import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

export class CreateSubmissionDto {
  @ApiProperty({ description: 'UUID made by the client; a retry with the same id is recognised' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: '18.72.05.1001' })
  @IsString()
  @Matches(/^\d+(\.\d+)*$/, { message: 'regionCode: kode wilayah tidak valid' })
  regionCode: string;

  @ApiPropertyOptional({ example: '2026-11-28', description: 'period key in WIB; the current period when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  period?: string;

  @ApiPropertyOptional({ description: 'theme version; the latest published when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  data: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'record themes: the submission this one revises' })
  @IsOptional()
  @IsUUID()
  replaces?: string;

  @ApiPropertyOptional({ description: 'a test fill of the draft (admins); never counted in results' })
  @IsOptional()
  @IsBoolean()
  test?: boolean;
}
