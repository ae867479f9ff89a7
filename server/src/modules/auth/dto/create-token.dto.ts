import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { TOKEN_SCOPES, type TokenScope } from '../access-policy';

export class CreateTokenDto {
  @ApiProperty({ example: 'Skrip Bappeda' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '2027-01-01T00:00:00+07:00', description: 'at most one year ahead' })
  @IsDateString({ strict: true })
  expiresAt: string;

  @ApiProperty({ enum: TOKEN_SCOPES, isArray: true, example: ['aggregates:read', 'exports'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TOKEN_SCOPES.length)
  @ArrayUnique()
  @IsIn(TOKEN_SCOPES, { each: true })
  scopes: TokenScope[];
}
