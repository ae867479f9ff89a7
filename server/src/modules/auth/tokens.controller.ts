import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { User } from '../users/user.entity';
import { CurrentUser } from './current-user.decorator';
import { CreateTokenDto } from './dto/create-token.dto';
import { TokensService } from './tokens.service';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  async list(@CurrentUser() user: User) {
    return { items: await this.tokens.list(user), nextCursor: null };
  }

  @Post()
  create(@Body() body: CreateTokenDto, @CurrentUser() user: User) {
    return this.tokens.create(user, body.name, body.expiresAt);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.tokens.revoke(user, id);
  }
}
