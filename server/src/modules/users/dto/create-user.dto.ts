import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'kader.margorejo' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,49}$/, { message: 'username: 3–50 huruf kecil, angka, titik, garis bawah atau strip' })
  username: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password: minimal 10 karakter' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'Siti Aminah' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: '18.72.05.1002' })
  @IsString()
  @Matches(/^\d+(\.\d+)*$/, { message: 'regionCode: kode wilayah tidak valid' })
  regionCode: string;
}
