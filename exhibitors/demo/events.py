"""The demo's events: the SCEWC series and Smart Life Week, the 2023 and 2024 editions and the
upcoming one (with a call open around today), their themes, the Seoul Pavilion of each, and
the 2024 side events."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from events.models import Event, Pavilion, Series, SideEvent, SideEventKind, Theme
from exhibitors.demo.buyers_content import EXPO_TIME_ZONE
from exhibitors.demo.content import THEMES

SEOUL = ZoneInfo("Asia/Seoul")
#: SCEWC's time zone (Barcelona): the side events' and meetings' times are local.
BARCELONA = ZoneInfo(EXPO_TIME_ZONE)


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def in_barcelona(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BARCELONA)


def upcoming_scewc_year(today):
    """The year of the next SCEWC whose call the demo keeps open: the coming November's
    edition until August, the next year's from then on."""
    return today.year if today < datetime.date(today.year, 8, 1) else today.year + 1


def seed_series():
    """The two series: SCEWC (Barcelona) and Smart Life Week (Seoul)."""
    scewc, _ = Series.objects.update_or_create(
        slug="scewc",
        defaults={
            "short_name": "SCEWC",
            "name_en": "Smart City Expo World Congress",
            "name_ko": "스마트시티 엑스포 월드 콩그레스",
            "website": "https://www.smartcityexpo.com/",
        },
    )
    slw, _ = Series.objects.update_or_create(
        slug="slw",
        defaults={
            "short_name": "SLW",
            "name_en": "Smart Life Week",
            "name_ko": "스마트 라이프 위크",
        },
    )
    return scewc, slw


def themes(event):
    for position, (name_en, name_ko) in enumerate(THEMES, 1):
        Theme.objects.update_or_create(
            event=event, name_en=name_en, defaults={"name_ko": name_ko, "position": position}
        )


def scewc(series, year, starts_on, rate, **facts):
    event, _ = Event.objects.update_or_create(
        slug=f"scewc-{year}",
        defaults={
            "series": series,
            "name_en": f"Smart City Expo World Congress {year}",
            "name_ko": f"스마트시티 엑스포 월드 콩그레스 {year}",
            "city_en": "Barcelona",
            "city_ko": "바르셀로나",
            "country": "ES",
            "venue": "Fira Barcelona Gran Via",
            "time_zone": EXPO_TIME_ZONE,
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(days=2),
            "usd_krw_rate": rate,
            **facts,
        },
    )
    themes(event)
    return event


def smart_life_week_2024(slw):
    Event.objects.update_or_create(
        slug="slw-2024",
        defaults={
            "series": slw,
            "name_en": "Smart Life Week 2024",
            "name_ko": "스마트 라이프 위크 2024",
            "city_en": "Seoul",
            "city_ko": "서울",
            "country": "KR",
            "starts_on": datetime.date(2024, 10, 7),
            "ends_on": datetime.date(2024, 10, 9),
            "usd_krw_rate": Decimal("1350.00"),
            "visitors": 30_000,
        },
    )


def pavilion(event, *, opens, closes, confirms, reports, reviews=None, capacity=15):
    pavilion, _ = Pavilion.objects.update_or_create(
        event=event,
        slug="seoul",
        defaults={
            "name_en": "Seoul Pavilion",
            "name_ko": "서울관",
            "organiser_en": "Seoul Digital Foundation",
            "organiser_ko": "서울디지털재단",
            "description_en": (
                "The Seoul Digital Foundation's pavilion: Seoul's innovative companies and "
                "district governments show their smart-city solutions together."
            ),
            "description_ko": (
                "서울디지털재단이 운영하는 서울관에서 서울의 혁신 기업과 자치구가 "
                "스마트시티 솔루션을 함께 선보입니다."
            ),
            "floor_width_m": Decimal("23.00"),
            "floor_depth_m": Decimal("12.00"),
            "floor_area_m2": Decimal("276.00"),
            "capacity": capacity,
            "applications_open_at": opens,
            "applications_close_at": closes,
            "confirmation_deadline": confirms,
            "review_deadline": reviews,
            "report_deadline": reports,
            "eligibility_en": (
                "Start-ups and SMEs registered in Seoul with a product or service ready "
                "to export.\nOne application per company."
            ),
            "eligibility_ko": (
                "서울에 등록된 스타트업·중소기업으로 수출할 수 있는 제품이나 서비스를 "
                "갖춘 기업.\n기업당 한 건만 신청할 수 있습니다."
            ),
            "benefits_en": (
                "A furnished 9 m² booth in the pavilion.\nA place in the Seoul IR "
                "Pitching Day and the Seoul Night reception.\nMeetings with buyers "
                "arranged through the portal."
            ),
            "benefits_ko": (
                "서울관 안 9㎡ 기본 부스 제공.\n서울 IR 피칭 데이와 서울의 밤 리셉션 "
                "참가.\n포털을 통한 바이어 상담 주선."
            ),
            "contact_name": "Seoul Pavilion team (서울관 운영팀)",
            "contact_email": "pavilion@pavilion.example",
            "contact_phone": "+82 2-555-0100",
        },
    )
    return pavilion


def side_events_2024(pavilion):
    """The four side events, at their local times in Barcelona."""
    items = [
        (
            SideEventKind.FORUM,
            "4th Smart City Seoul Forum",
            "제4회 스마트시티 서울 포럼",
            in_barcelona(2024, 11, 5, 15),
        ),
        (SideEventKind.RECEPTION, "Seoul Night", "서울의 밤", in_barcelona(2024, 11, 5, 19)),
        (
            SideEventKind.IR_PITCHING,
            "Smart Seoul IR Pitching Day",
            "스마트 서울 IR 피칭 데이",
            in_barcelona(2024, 11, 6, 14),
        ),
        (
            SideEventKind.PROMOTION,
            "Smart Life Week promotion",
            "스마트 라이프 위크 홍보",
            in_barcelona(2024, 11, 7, 11),
        ),
    ]
    for kind, name_en, name_ko, starts in items:
        SideEvent.objects.update_or_create(
            pavilion=pavilion,
            name_en=name_en,
            defaults={
                "kind": kind,
                "name_ko": name_ko,
                "starts_at": starts,
                "place": "Seoul Pavilion",
            },
        )


def upcoming(series, *, today):
    """The next edition, with a call open around today whatever the day the demo runs."""
    year = upcoming_scewc_year(today)
    starts_on = datetime.date(year, 11, 16)
    event = scewc(series, year, starts_on, Decimal("1400.00"))
    opens = datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(10), SEOUL)
    closes = datetime.datetime.combine(
        today + datetime.timedelta(days=45), datetime.time(18), SEOUL
    )
    pavilion(
        event,
        opens=opens,
        closes=closes,
        confirms=closes + datetime.timedelta(days=21),
        reviews=closes + datetime.timedelta(days=14),
        reports=at(year, 12, 18, 18),
    )
    return event
