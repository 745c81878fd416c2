"""Korean writes the half of the day before the hour: "2024년 11월 5일 오후 6:00", "오후 6:00"
(Django's Korean puts it after: "6:00 오후")."""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
TIME_FORMAT = "A g:i"
SHORT_DATETIME_FORMAT = "Y-n-j A g:i"
