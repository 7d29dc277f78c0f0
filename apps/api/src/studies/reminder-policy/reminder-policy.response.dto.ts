import { ApiProperty } from '@nestjs/swagger';

export class WorkingHoursResponse {
  @ApiProperty({ example: '09:00', description: "HH:MM in the study's time zone" })
  from!: string;

  @ApiProperty({ example: '17:00', description: 'HH:MM, after from' })
  to!: string;
}

export class ReminderPolicyResponse {
  @ApiProperty({
    type: [Number],
    example: [14, 3],
    description: "Whole days before a wave's window opens that each named contact is reminded",
  })
  daysBefore!: number[];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 7,
    description: 'Days into the window after which a contact with no interview recorded for the wave is reminded again; null for none',
  })
  followUpDaysIntoWindow!: number | null;

  @ApiProperty({ type: WorkingHoursResponse })
  workingHours!: WorkingHoursResponse;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 (Monday) to 7 (Sunday)' })
  workingDays!: number[];
}

export class StudyReminderPolicyResponse {
  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ type: ReminderPolicyResponse, description: 'The policy in force' })
  policy!: ReminderPolicyResponse;

  @ApiProperty({ description: 'True while the study has recorded no policy of its own and follows the default' })
  isDefault!: boolean;

  @ApiProperty({ example: 'Europe/London', description: "The zone reminders are timed in: the study's, or Europe/London when it has none" })
  timeZone!: string;

  @ApiProperty({ description: "The study's version, as the event store has it now; also sent as the ETag" })
  version!: number;
}
