import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BadRequest } from '../../common/domain-error';
import type { User } from '../users/user.entity';
import { CurrentUser } from './current-user.decorator';
import { CreateTokenDto } from './dto/create-token.dto';
import { TokensService } from './tokens.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('auth')
@ApiBearerAuth()
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiQuery({ name: 'user', required: false, description: "an admin: the tokens of this user of their subtree; default the caller's own" })
  async list(@CurrentUser() user: User, @Query('user') owner?: string) {
    if (owner !== undefined && (typeof owner !== 'string' || !UUID.test(owner))) {
      throw new BadRequest('INVALID_QUERY', 'user harus id pengguna', [{ path: '/user', keyword: 'format', message: 'user harus id pengguna (UUID)' }]);
    }
    return { items: await this.tokens.list(user, owner), nextCursor: null };
  }

  @Post()
  create(@Body() body: CreateTokenDto, @CurrentUser() user: User) {
    return this.tokens.create(user, body);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.tokens.revoke(user, id);
  }
}
