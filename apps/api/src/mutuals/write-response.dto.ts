import { ApiProperty } from '@nestjs/swagger';

export class WriteResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the record created or changed' })
  id!: string;

  @ApiProperty({ example: 2, description: 'Version of the mutual after this write; also sent as the ETag' })
  version!: number;

  @ApiProperty({
    example: '7481/118',
    description: 'Position of the write in the event log; read models at or past it include it',
  })
  position!: string;
}
