"""The demo data: the facts of ../shared/MISSION.md, with invented company names.

Every write is keyed on a natural key (slug, registration number, e-mail), so running
:func:`seed_demo` again changes nothing and adds nothing.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from events.models import Event, Pavilion, Series, SideEvent, SideEventKind, Theme
from exhibitors import roles
from exhibitors.applications import reviews as review_services
from exhibitors.applications import services as applications
from exhibitors.applications.models import Application, ApplicationStatus, BoothPreference, Review
from exhibitors.companies import registration
from exhibitors.companies.models import (
    Company,
    Exhibitor,
    ExhibitorRole,
    Membership,
    MembershipRole,
    OrganisationKind,
)
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    BuyerType,
    Consultation,
    ConsultationStage,
    Mou,
    OnSiteContract,
    OutcomeReport,
)
from portal.audit import audit

SEOUL = ZoneInfo("Asia/Seoul")

DEMO_PASSWORD = "pavilion-demo-2024"
STAFF_EMAIL = "staff@example.com"
COMPANY_EMAIL = "company@example.com"
EXHIBITOR_EMAIL = "exhibitor@example.com"
MANAGER_EMAIL = "manager@example.com"
REPORTING_EMAIL = "reporting@example.com"


@dataclass(frozen=True)
class RoleAccount:
    email: str
    group: str
    first_name: str
    last_name: str


#: Staff accounts with one role each (no superuser powers): what each role sees and may do.
ROLE_ACCOUNTS = [
    RoleAccount("reviewer1@example.com", roles.REVIEWER, "지수", "김"),
    RoleAccount("reviewer2@example.com", roles.REVIEWER, "민호", "이"),
    RoleAccount("reviewer3@example.com", roles.REVIEWER, "서영", "박"),
    RoleAccount(MANAGER_EMAIL, roles.PROGRAMME_MANAGER, "현정", "최"),
    RoleAccount("floor@example.com", roles.FLOOR_MANAGER, "태호", "정"),
    RoleAccount(REPORTING_EMAIL, roles.REPORTING, "은비", "강"),
]

THEMES = [
    ("Enabling Technologies", "기반 기술"),
    ("Energy & Environment", "에너지·환경"),
    ("Mobility", "모빌리티"),
    ("Governance & Economy", "거버넌스·경제"),
    ("Living & Inclusion", "생활·포용"),
    ("Infrastructure & Buildings", "인프라·건축"),
    ("Blue Economy", "블루 이코노미"),
]


@dataclass(frozen=True)
class DemoCompany:
    serial: str  # the first nine digits of the (invented) registration number
    name_ko: str
    name_en: str
    sector: str
    representative: str
    founded: int
    employees: int

    @property
    def registration_number(self):
        return registration.complete(self.serial)


# Invented companies. 2023 exhibited COMPANIES[:15], 2024 COMPANIES[7:22] (eight came back).
COMPANIES = [
    DemoCompany("101810001", "누리모빌리티", "Nuri Mobility", "Mobility", "김도윤", 2017, 34),
    DemoCompany("101810002", "그린셀에너지", "Greencell Energy", "Energy", "이서연", 2015, 58),
    DemoCompany(
        "101810003", "세움인프라텍", "Seum Infratech", "Infrastructure", "박지호", 2012, 71
    ),
    DemoCompany("101810004", "다온데이터", "Daon Data", "Data platforms", "최하은", 2019, 22),
    DemoCompany("101810005", "바다로랩스", "Badaro Labs", "Ocean tech", "정민준", 2020, 15),
    DemoCompany("101810006", "시민링크", "CitizenLink", "Civic tech", "강수아", 2018, 19),
    DemoCompany("101810007", "에어큐브", "AirCube", "Air quality", "조예준", 2016, 40),
    DemoCompany("101810008", "스마트가드", "SmartGuard", "Public safety", "윤지우", 2014, 63),
    DemoCompany("101810009", "하늘드론웍스", "Haneul Droneworks", "Drones", "장서준", 2018, 27),
    DemoCompany("101810010", "모두의주차", "Parking for All", "Mobility", "임채원", 2017, 31),
    DemoCompany("101810011", "빛길라이팅", "Bitgil Lighting", "Smart lighting", "한지안", 2011, 85),
    DemoCompany("101810012", "우리워터", "Woori Water", "Water", "오건우", 2013, 46),
    DemoCompany(
        "101810013", "디지털트윈웍스", "Digital Twin Works", "Digital twins", "서윤서", 2019, 24
    ),
    DemoCompany("101810014", "케어브릿지", "CareBridge", "Elderly care", "신현우", 2016, 38),
    DemoCompany("101810015", "로보스트리트", "RoboStreet", "Robotics", "권다인", 2020, 17),
    DemoCompany("101810016", "메디AI", "MediAI Health", "AI healthcare", "황시우", 2018, 42),
    DemoCompany("101810017", "탄소제로", "CarbonZero", "Climate tech", "안소율", 2021, 12),
    DemoCompany("101810018", "온길내비", "Ongil Navi", "Accessibility", "송준서", 2019, 20),
    DemoCompany("101810019", "블루포트", "BluePort Systems", "Port logistics", "류하린", 2015, 53),
    DemoCompany("101810020", "제로웨이스트랩", "ZeroWaste Lab", "Recycling", "홍지훈", 2020, 16),
    DemoCompany("101810021", "빌딩브레인", "BuildingBrain", "Smart buildings", "문서아", 2014, 67),
    DemoCompany("101810022", "페이시티", "PayCity", "Fintech", "배주원", 2017, 29),
]
#: The demo exhibitor account's company: exhibited at SCEWC 2024 (a newcomer that year), holds a
#: booth there, and its outcome report was returned by staff for a missing consultation.
DEMO_EXHIBITOR = COMPANIES[16]
#: What the returned report holds: consultations filed but not (yet) approved, so not among
#: the published 407. When the exhibitor adds the missing one and staff approve the report,
#: they join the live totals (the published figures stay as announced until a revision).
RETURNED_CONSULTATIONS = [
    # (day of the expo, buyer, country, buyer type, amount in USD)
    (0, "Iberia Smart Grid", "ES", BuyerType.END_CUSTOMER, 42_000),
    (0, "Rhein Mobility", "DE", BuyerType.DISTRIBUTOR, 18_500),
    (1, "Gulf Smart City", "AE", BuyerType.PUBLIC_BODY, 65_000),
    (1, "Kansai Systems", "JP", BuyerType.DISTRIBUTOR, 23_000),
    (2, "Lion City Ventures", "SG", BuyerType.INVESTOR, 30_000),
]
#: Why staff returned it (the company writes in Korean; the comment says it in both).
RETURNED_COMMENT = (
    "11월 6일 Delta Water(네덜란드)와의 상담이 상담 목록에 빠져 있습니다. "
    "추가한 뒤 다시 제출해 주세요.\n"
    "The meeting with Delta Water (Netherlands) on 6 November is missing from your "
    "consultations: please add it and submit the report again."
)
# The demo company account's company: registered, not (yet) an exhibitor anywhere.
DEMO_APPLICANT = DemoCompany(
    "101810099", "한빛스마트랩", "Hanbit Smart Lab", "Smart city services", "유하준", 2021, 9
)

DISTRICTS = [
    ("101830001", "강남구", "Gangnam-gu"),
    ("101830002", "동대문구", "Dongdaemun-gu"),
    ("101830003", "서초구", "Seocho-gu"),
]

#: The published outcomes (MISSION.md): consultations and consultation amount (USD) per year.
OUTCOMES_BY_YEAR = {2023: (346, 2_210_000), 2024: (407, 3_150_000)}
#: Contracts signed on site per year (a few: most consultations are first meetings).
ONSITE_CONTRACTS_BY_YEAR = {2023: 2, 2024: 3}
#: The buyers who came to the pavilion, by market: SCEWC's visitors (invented organisations),
#: with how often each market came (the host country most).
BUYERS = {
    "ES": (
        18,
        [
            "Barcelona Urban Lab",
            "Iberia Smart Grid",
            "Catalunya Mobilitat",
            "Madrid Ciudad Digital",
            "Valencia Port Tech",
        ],
    ),
    "DE": (10, ["Rhein Mobility", "Berlin Stadtwerke Digital", "Bavaria Sensorik"]),
    "JP": (9, ["Kansai Systems", "Tokyo Urban Solutions", "Osaka Care Network"]),
    "PL": (8, ["Vistula Logistics", "Warsaw Smart City Office", "Krakow MedTech"]),
    "US": (8, ["Pacific Urban Tech", "Boston Civic Ventures", "Austin Mobility Fund"]),
    "FR": (7, ["Seine Innovation", "Lyon Mobilités"]),
    "AE": (7, ["Gulf Smart City", "Dubai Future Mobility"]),
    "SG": (6, ["Lion City Ventures", "Marina Digital"]),
    "VN": (6, ["Mekong Digital", "Hanoi Smart Infra"]),
    "GB": (6, ["Thames Infrastructure", "Manchester Data Works"]),
    "NL": (5, ["Delta Water", "Amsterdam Smart Hub"]),
    "IT": (4, ["Milano Living", "Torino Mobilità"]),
    "SA": (3, ["Riyadh Future", "NEOM Urban Systems"]),
    "PT": (3, ["Lisboa Smart Port"]),
}
#: Who the buyers were: companies meet distributors and customers, districts public bodies.
BUYER_TYPE_WEIGHTS = {
    ExhibitorRole.COMPANY: {
        BuyerType.DISTRIBUTOR: 35,
        BuyerType.END_CUSTOMER: 25,
        BuyerType.PUBLIC_BODY: 18,
        BuyerType.INVESTOR: 12,
        BuyerType.OTHER: 10,
    },
    ExhibitorRole.CO_EXHIBITOR: {
        BuyerType.PUBLIC_BODY: 70,
        BuyerType.END_CUSTOMER: 15,
        BuyerType.OTHER: 15,
    },
}
FOLLOW_UP_NOTES = [
    "Pilot proposal requested",
    "Sent a quotation after the expo",
    "Second meeting planned at Smart Life Week in Seoul",
    "Asked for a localised demo",
]
#: The 2024 MOUs of the AI healthcare exhibitor (partner, country, day of the expo, scope).
MOUS_2024 = [
    (
        "Polish Logistics Association",
        "PL",
        1,
        "Medical logistics with AI demand forecasting in Poland",
    ),
    ("Sakura Medical Systems", "JP", 2, "AI healthcare services for Japanese hospitals"),
]


def outcomes_due(event):
    """When the demo's reports were filed: a week after the expo."""
    return datetime.datetime.combine(
        event.ends_on + datetime.timedelta(days=7), datetime.time(10), SEOUL
    )


def split_exactly(total, weights, *, minimum=0):
    """``total`` split in whole units in proportion to ``weights`` (largest remainders), each
    share at least ``minimum``: the shares add up to ``total`` exactly."""
    rest = total - minimum * len(weights)
    whole = sum(weights)
    shares = [rest * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda k: (-(rest * weights[k] % whole), k))
    for k in by_remainder[: rest - sum(shares)]:
        shares[k] += 1
    return [minimum + share for share in shares]


EXHIBITORS_BY_YEAR = {2023: COMPANIES[:15], 2024: COMPANIES[7:22]}

#: The review of the open call under way: how many applications went to the reviewers (two
#: each), and how many each reviewer has scored so far.
REVIEWED_APPLICATIONS = 12
SCORED_PER_REVIEWER = 5
REVIEW_COMMENTS = [
    "Clear export plan; the pilot references are convincing.",
    "Strong product, but the target markets need more work.",
    "Good fit with the theme; the team is small for three markets.",
    "Innovative; ask for the pricing in the interview.",
]

#: Invented applicants to the open call: 40 submitted applications, spread over the 7 themes.
APPLICANTS = [
    DemoCompany("101820001", "비전에이아이", "VisionAI Labs", "AI vision", "김민서", 2019, 26),
    DemoCompany("101820002", "센서로직", "SensorLogic", "IoT sensors", "이준호", 2016, 44),
    DemoCompany("101820003", "오픈엣지", "OpenEdge Networks", "5G networks", "박서윤", 2018, 38),
    DemoCompany("101820004", "큐브데이터랩", "Cube Data Lab", "Data platforms", "정도현", 2020, 14),
    DemoCompany("101820005", "메타시티웍스", "MetaCity Works", "Digital twins", "최유나", 2021, 11),
    DemoCompany("101820006", "한결로보틱스", "Hangyeol Robotics", "Robotics", "강태윤", 2015, 57),
    DemoCompany("101820007", "햇살에너지", "Haetsal Energy", "Energy", "윤하늘", 2014, 49),
    DemoCompany("101820008", "수소길", "HydroRoad", "Hydrogen", "장민혁", 2019, 23),
    DemoCompany(
        "101820009", "맑은공기연구소", "Clear Air Institute", "Air quality", "임소연", 2017, 31
    ),
    DemoCompany("101820010", "물빛테크", "Mulbit Tech", "Water", "한승우", 2013, 62),
    DemoCompany("101820011", "리사이클허브", "Recycle Hub", "Recycling", "오지민", 2020, 18),
    DemoCompany("101820012", "카본트레이스", "CarbonTrace", "Climate tech", "서준영", 2022, 9),
    DemoCompany("101820013", "전기로", "Jeongiro Charging", "EV charging", "신예린", 2018, 35),
    DemoCompany("101820014", "오토웨이", "AutoWay", "Autonomous driving", "권우진", 2016, 78),
    DemoCompany("101820015", "킥앤고", "Kick and Go", "Micromobility", "황지윤", 2020, 21),
    DemoCompany("101820016", "버스나우", "BusNow", "Mobility", "안재원", 2017, 27),
    DemoCompany("101820017", "파킹아이", "ParkingEye Korea", "Mobility", "송하윤", 2019, 16),
    DemoCompany("101820018", "트래픽온", "TrafficOn", "Traffic management", "류민재", 2012, 83),
    DemoCompany("101820019", "민원봇", "Minwon Bot", "GovTech", "홍서현", 2021, 13),
    DemoCompany("101820020", "체인시티", "ChainCity", "Blockchain", "문지환", 2018, 24),
    DemoCompany("101820021", "로컬페이", "LocalPay", "Fintech", "배수빈", 2016, 41),
    DemoCompany("101820022", "시민의소리", "Citizen Voice", "Civic tech", "조현서", 2019, 12),
    DemoCompany("101820023", "오픈예산", "Open Budget Korea", "GovTech", "유건", 2020, 10),
    DemoCompany("101820024", "스마트행정", "Smart Admin Systems", "GovTech", "남궁민", 2011, 95),
    DemoCompany("101820025", "돌봄플러스", "DolbomPlus", "Elderly care", "김나은", 2017, 36),
    DemoCompany("101820026", "헬스온", "HealthOn AI", "AI healthcare", "이현우", 2018, 52),
    DemoCompany("101820027", "함께걷기", "Walk Together", "Accessibility", "박지아", 2020, 15),
    DemoCompany("101820028", "안전지킴이", "SafeKeeper", "Public safety", "정태경", 2015, 47),
    DemoCompany("101820029", "배움터에듀", "Baeumteo Edu", "Edtech", "최서진", 2019, 22),
    DemoCompany("101820030", "마음케어", "MindCare Lab", "Mental health", "강다은", 2021, 13),
    DemoCompany("101820031", "빌드스캔", "BuildScan", "Construction tech", "윤재혁", 2016, 39),
    DemoCompany("101820032", "스마트타워", "SmartTower", "Smart buildings", "장하람", 2013, 71),
    DemoCompany("101820033", "가로등랩", "Streetlight Lab", "Smart lighting", "임도훈", 2018, 19),
    DemoCompany(
        "101820034", "지하안전", "Underground Safety", "Infrastructure", "한유진", 2014, 58
    ),
    DemoCompany("101820035", "브릿지센스", "BridgeSense", "Infrastructure", "오성민", 2017, 28),
    DemoCompany("101820036", "오션뷰", "OceanView Robotics", "Ocean tech", "서하윤", 2019, 20),
    DemoCompany("101820037", "포트링크", "PortLink", "Port logistics", "신동현", 2015, 64),
    DemoCompany("101820038", "바다농장", "Sea Farm Tech", "Aquaculture", "권수민", 2020, 17),
    DemoCompany("101820039", "해양안전", "MarineSafe", "Maritime safety", "황예준", 2016, 33),
    DemoCompany("101820040", "블루카본", "Blue Carbon Korea", "Ocean tech", "안지호", 2022, 8),
]
#: What the applicants want from the expo, and where they want to sell (varied by position).
APPLICANT_GOALS = [
    ("Meet distributors and city governments in Europe.", ["ES", "DE", "PL", "JP"]),
    ("Find a pilot city in Southern Europe.", ["ES", "IT", "PT"]),
    ("Meet investors for our Series A.", ["US", "GB", "SG"]),
    ("Sign a reseller agreement in Southeast Asia.", ["SG", "VN", "ID", "TH"]),
    ("Join a smart-city tender in the Middle East.", ["AE", "SA", "QA"]),
]

THEME_BY_SECTOR = {
    "Mobility": "Mobility",
    "Energy": "Energy & Environment",
    "Infrastructure": "Infrastructure & Buildings",
    "Data platforms": "Enabling Technologies",
    "Ocean tech": "Blue Economy",
    "Civic tech": "Governance & Economy",
    "Air quality": "Energy & Environment",
    "Public safety": "Living & Inclusion",
    "Drones": "Enabling Technologies",
    "Smart lighting": "Infrastructure & Buildings",
    "Water": "Energy & Environment",
    "Digital twins": "Enabling Technologies",
    "Elderly care": "Living & Inclusion",
    "Robotics": "Enabling Technologies",
    "AI healthcare": "Living & Inclusion",
    "Climate tech": "Energy & Environment",
    "Accessibility": "Living & Inclusion",
    "Port logistics": "Blue Economy",
    "Recycling": "Energy & Environment",
    "Smart buildings": "Infrastructure & Buildings",
    "Fintech": "Governance & Economy",
    "Smart city services": "Governance & Economy",
    "AI vision": "Enabling Technologies",
    "IoT sensors": "Enabling Technologies",
    "5G networks": "Enabling Technologies",
    "Hydrogen": "Energy & Environment",
    "EV charging": "Mobility",
    "Autonomous driving": "Mobility",
    "Micromobility": "Mobility",
    "Traffic management": "Mobility",
    "GovTech": "Governance & Economy",
    "Blockchain": "Governance & Economy",
    "Edtech": "Living & Inclusion",
    "Mental health": "Living & Inclusion",
    "Construction tech": "Infrastructure & Buildings",
    "Aquaculture": "Blue Economy",
    "Maritime safety": "Blue Economy",
}
#: A minimal PDF for the demo's company introductions.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def upcoming_scewc_year(today):
    """The year of the next SCEWC whose call the demo keeps open: the coming November's
    edition until August, the next year's from then on."""
    return today.year if today < datetime.date(today.year, 8, 1) else today.year + 1


class DemoSeeder:
    def __init__(self, today=None, stdout=None):
        self.today = today or datetime.date.today()
        self.stdout = stdout

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def run(self):
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
        companies = {c.serial: self.company(c) for c in [*COMPANIES, *APPLICANTS, DEMO_APPLICANT]}
        districts = [self.district(*d) for d in DISTRICTS]

        scewc_2023 = self.scewc(scewc, 2023, datetime.date(2023, 11, 7), Decimal("1312.00"))
        scewc_2024 = self.scewc(
            scewc,
            2024,
            datetime.date(2024, 11, 5),
            Decimal("1397.00"),
            headline_theme="LIVE BETTER",
            participants=25_771,
            participant_countries=130,
        )
        past = {}
        for year, event in [(2023, scewc_2023), (2024, scewc_2024)]:
            pavilion = past[year] = self.pavilion(
                event,
                opens=at(year, 5, 2, 10),
                closes=at(year, 6, 14, 18),
                confirms=at(year, 7, 5, 18),
                reports=at(year, 12, 6, 18),
            )
            for demo in EXHIBITORS_BY_YEAR[year]:
                self.confirmed_application(pavilion, demo, companies[demo.serial])
            for district in districts:
                self.exhibitor(pavilion, district, ExhibitorRole.CO_EXHIBITOR)
            if year == 2024:
                self.side_events_2024(pavilion)
            self.floor(pavilion)

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

        upcoming = self.upcoming(scewc)
        upcoming_pavilion = upcoming.pavilions.get()
        users = self.users(companies[DEMO_APPLICANT.serial])
        users.update(self.role_users())
        users["exhibitor"] = self.company_user(
            EXHIBITOR_EMAIL,
            companies[DEMO_EXHIBITOR.serial],
            DEMO_EXHIBITOR.representative[1:],
            DEMO_EXHIBITOR.representative[0],
        )
        for year, pavilion in past.items():
            self.outcome_reports(
                pavilion, year, staff=users["staff"], reviewer=users[REPORTING_EMAIL]
            )
        self.draft_application(
            upcoming_pavilion, companies[DEMO_APPLICANT.serial], users["company"]
        )
        for position, demo in enumerate(APPLICANTS):
            self.submitted_application(
                upcoming_pavilion, demo, companies[demo.serial], position=position
            )
        self.reviews(
            upcoming_pavilion,
            reviewers=[users[a.email] for a in ROLE_ACCOUNTS if a.group == roles.REVIEWER],
            manager=users[MANAGER_EMAIL],
        )
        submitted = upcoming_pavilion.applications.exclude(status=ApplicationStatus.DRAFT)
        self.log(
            f"Demo data ready: {Event.objects.count()} events, "
            f"{Pavilion.objects.count()} pavilions, {Company.objects.count()} organisations; "
            f"open call: {upcoming.slug}, {submitted.count()} applications submitted."
        )
        return users

    def company(self, demo):
        company, _ = Company.objects.update_or_create(
            registration_number=demo.registration_number,
            defaults={
                "kind": OrganisationKind.COMPANY,
                "name_ko": demo.name_ko,
                "name_en": demo.name_en,
                "sector": demo.sector,
                "representative": demo.representative,
                "founded": demo.founded,
                "employees": demo.employees,
                "email": f"contact@{demo.name_en.lower().replace(' ', '')}.example",
            },
        )
        return company

    def district(self, serial, name_ko, name_en):
        district, _ = Company.objects.update_or_create(
            registration_number=registration.complete(serial),
            defaults={
                "kind": OrganisationKind.DISTRICT,
                "name_ko": f"서울특별시 {name_ko}",
                "name_en": f"{name_en}, Seoul",
                "sector": "District government",
            },
        )
        return district

    def themes(self, event):
        for position, (name_en, name_ko) in enumerate(THEMES, 1):
            Theme.objects.update_or_create(
                event=event, name_en=name_en, defaults={"name_ko": name_ko, "position": position}
            )

    def scewc(self, series, year, starts_on, rate, **facts):
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
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=2),
                "usd_krw_rate": rate,
                **facts,
            },
        )
        self.themes(event)
        return event

    def pavilion(self, event, *, opens, closes, confirms, reports, reviews=None, capacity=15):
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

    def exhibitor(self, pavilion, company, role):
        Exhibitor.objects.update_or_create(
            pavilion=pavilion, company=company, defaults={"role": role}
        )

    def fill(self, application, demo, pavilion, *, position=0):
        goals, markets = APPLICANT_GOALS[position % len(APPLICANT_GOALS)]
        application.product_name_ko = f"{demo.name_ko} 솔루션"
        application.product_name_en = f"{demo.name_en} platform"
        application.product_description_ko = f"{demo.sector} 분야의 스마트시티 솔루션입니다."
        application.product_description_en = f"A smart-city solution for {demo.sector.lower()}."
        application.theme = pavilion.event.themes.get(name_en=THEME_BY_SECTOR[demo.sector])
        application.target_markets = markets
        application.goals = goals
        application.booth_preference = (
            BoothPreference.CORNER if position % 3 == 2 else BoothPreference.STANDARD
        )
        application.introduction_pdf.save(
            f"{demo.name_en.lower().replace(' ', '-')}.pdf", ContentFile(DEMO_PDF), save=False
        )
        application.save()

    def confirmed_application(self, pavilion, demo, company):
        """An exhibitor the way the portal makes one: applied, submitted, accepted, confirmed,
        each on a day inside the pavilion's windows."""
        if Application.objects.filter(pavilion=pavilion, company=company).exists():
            return
        day = datetime.timedelta(days=1)
        opened = pavilion.applications_open_at
        application = applications.application_start(
            pavilion=pavilion, company=company, user=None, now=opened + day
        )
        self.fill(application, demo, pavilion)
        applications.application_submit(
            application=application, user=None, now=opened + 2 * day, notify=False
        )
        closed = pavilion.applications_close_at
        applications.application_start_review(application=application, user=None, now=closed + day)
        applications.application_accept(
            application=application, user=None, now=closed + 5 * day, notify=False
        )
        applications.application_confirm(
            application=application, user=None, now=pavilion.confirmation_deadline - day
        )

    def submitted_application(self, pavilion, demo, company, *, position):
        """An applicant to the open call: started and submitted a few hours apart, on days
        between the call's opening and today."""
        if Application.objects.filter(pavilion=pavilion, company=company).exists():
            return
        started = pavilion.applications_open_at + datetime.timedelta(days=1, hours=5 * position)
        application = applications.application_start(
            pavilion=pavilion, company=company, user=None, now=started
        )
        self.fill(application, demo, pavilion, position=position)
        applications.application_submit(
            application=application,
            user=None,
            now=started + datetime.timedelta(hours=3),
            notify=False,
        )

    def reviews(self, pavilion, *, reviewers, manager):
        """The review under way: the programme manager gave the first ``REVIEWED_APPLICATIONS``
        applications to two reviewers each (spread evenly) four days ago; each reviewer has
        scored ``SCORED_PER_REVIEWER`` of theirs since, the rest wait for them. Skipped when
        the pavilion already has reviews."""
        if Review.objects.filter(application__pavilion=pavilion).exists():
            return
        assigned = datetime.datetime.combine(
            self.today - datetime.timedelta(days=4), datetime.time(10), SEOUL
        )
        candidates = list(
            pavilion.applications.filter(status=ApplicationStatus.SUBMITTED).order_by(
                "submitted_at"
            )[:REVIEWED_APPLICATIONS]
        )
        review_services.reviewers_assign_evenly(
            applications=candidates,
            reviewers=reviewers,
            per_application=2,
            user=manager,
            now=assigned,
        )
        criteria = list(pavilion.criteria.all())
        rng = random.Random(f"{pavilion.event.slug}-reviews")
        for reviewer in reviewers:
            own = Review.objects.filter(application__pavilion=pavilion, reviewer=reviewer).order_by(
                "application__submitted_at"
            )
            for n, review in enumerate(own[:SCORED_PER_REVIEWER]):
                values = {
                    c.pk: rng.randint(max(c.scale_max // 2, 1), c.scale_max) for c in criteria
                }
                review_services.review_submit(
                    review=review,
                    user=reviewer,
                    values=values,
                    comment=rng.choice(REVIEW_COMMENTS),
                    now=assigned + datetime.timedelta(days=1 + n % 3, hours=n),
                )

    def draft_application(self, pavilion, company, user):
        if Application.objects.filter(pavilion=pavilion, company=company).exists():
            return
        application = applications.application_start(
            pavilion=pavilion, company=company, user=user, now=pavilion.applications_open_at
        )
        application.product_name_ko = "한빛 스마트 횡단보도"
        application.product_name_en = "Hanbit Smart Crosswalk"
        application.save(update_fields=["product_name_ko", "product_name_en"])

    def outcome_reports(self, pavilion, year, *, staff, reviewer=None):
        """Approved reports for every exhibitor and district, filed and approved through the
        report services (opened, rows added, submitted, approved by ``staff``), whose totals
        are the published ones (MISSION.md): 346 consultations and USD 2,210,000 in 2023, 407
        and USD 3,150,000 in 2024, and the two 2024 MOUs of the AI healthcare exhibitor.

        In 2024 one report is not approved: the demo exhibitor's (``DEMO_EXHIBITOR``), which
        ``reviewer`` (the Reporting role) returned with a comment for a missing row. Its rows
        are not among the 407: the published figures are the sum of the other 17 reports, so
        they hold until that report is filed again and approved
        (:meth:`returned_report`).

        The rows are spread the way a pavilion's week goes: companies meet more buyers than
        the districts, a few large projects among many small ones, buyers from SCEWC's
        markets (Spain most), the first two days busier than the last, a fifth of the talks
        going on to a negotiation and a few contracts signed on the spot. Deterministic: a
        random generator seeded with the event's slug. Whole dollars, rounded to the hundred
        as buyers quote them, the largest amount taking the remainder so that the total is
        exact. A pavilion that already has reports is left as it is."""
        if OutcomeReport.objects.filter(exhibitor__pavilion=pavilion).exists():
            return
        count, total = OUTCOMES_BY_YEAR[year]
        event = pavilion.event
        rng = random.Random(f"{event.slug}-outcomes")
        exhibitors = list(
            Exhibitor.objects.filter(pavilion=pavilion)
            .select_related("company")
            .order_by("role", "company__registration_number")
        )
        if year == 2024:
            returned = next(
                e
                for e in exhibitors
                if e.company.registration_number == DEMO_EXHIBITOR.registration_number
            )
            exhibitors.remove(returned)
            self.returned_report(returned, staff=staff, reviewer=reviewer or staff)
        is_company = {e.pk: e.role == ExhibitorRole.COMPANY for e in exhibitors}
        busy = [rng.randint(12, 40) if is_company[e.pk] else rng.randint(3, 7) for e in exhibitors]
        owners, sizes = [], []
        for exhibitor, n in zip(exhibitors, split_exactly(count, busy, minimum=3), strict=True):
            scale = rng.uniform(0.6, 1.6) if is_company[exhibitor.pk] else 0.35
            for _ in range(n):
                owners.append(exhibitor)
                sizes.append(scale * rng.lognormvariate(0, 0.75))
        whole = sum(sizes)
        amounts = [round(total * size / whole / 100) * 100 for size in sizes]
        largest = max(range(len(amounts)), key=amounts.__getitem__)
        amounts[largest] += total - sum(amounts)

        reports = {e.pk: outcomes.report_get_or_create(e) for e in exhibitors}
        markets = list(BUYERS)
        market_weights = [BUYERS[code][0] for code in markets]
        days = (event.ends_on - event.starts_on).days + 1
        day_weights = [4] * (days - 1) + [2]
        rows = []
        for owner, amount in zip(owners, amounts, strict=True):
            country = rng.choices(markets, market_weights)[0]
            types = BUYER_TYPE_WEIGHTS[owner.role]
            negotiating = rng.random() < (0.22 if is_company[owner.pk] else 0.1)
            if negotiating:
                expected = round(amount * rng.uniform(0.3, 0.7) / 100) * 100
            elif rng.random() < 0.15:
                expected = round(amount * rng.uniform(0.05, 0.2) / 100) * 100
            else:
                expected = 0
            rows.append(
                Consultation(
                    report=reports[owner.pk],
                    met_on=event.starts_on
                    + datetime.timedelta(days=rng.choices(range(days), day_weights)[0]),
                    buyer_organisation=rng.choice(BUYERS[country][1]),
                    buyer_country=country,
                    buyer_type=rng.choices(list(types), list(types.values()))[0],
                    product=(
                        f"{owner.company.name_en} platform"
                        if is_company[owner.pk]
                        else "Smart city policy and pilot sites"
                    ),
                    amount_usd=amount,
                    expected_contract_usd=expected,
                    stage=(
                        ConsultationStage.NEGOTIATING
                        if negotiating
                        else ConsultationStage.CONSULTED
                    ),
                    note=rng.choice(FOLLOW_UP_NOTES) if negotiating and rng.random() < 0.5 else "",
                )
            )
        # A few talks ended in a contract at the booth: the buyer signed for part of the project.
        company_rows = [
            row for row, owner in zip(rows, owners, strict=True) if is_company[owner.pk]
        ]
        contracts = []
        for row in rng.sample(company_rows, ONSITE_CONTRACTS_BY_YEAR[year]):
            row.stage = ConsultationStage.CONTRACTED
            row.expected_contract_usd = round(row.amount_usd * rng.uniform(0.4, 0.8) / 100) * 100
            contracts.append(
                OnSiteContract(
                    report=row.report,
                    partner=row.buyer_organisation,
                    country=row.buyer_country,
                    amount_usd=row.expected_contract_usd,
                )
            )
        mous = []
        if year == 2024:
            healthcare = next(e for e in exhibitors if e.company.sector == "AI healthcare")
            own = [
                row
                for row in rows
                if row.report == reports[healthcare.pk]
                and row.stage != ConsultationStage.CONTRACTED
            ]
            for row, (partner, country, day, scope) in zip(own, MOUS_2024, strict=False):
                signed_on = event.starts_on + datetime.timedelta(days=day)
                # The MOU grew out of a meeting at the booth the day before.
                row.buyer_organisation, row.buyer_country = partner, country
                row.buyer_type = BuyerType.OTHER if country == "PL" else BuyerType.END_CUSTOMER
                row.met_on = signed_on - datetime.timedelta(days=1)
                row.stage = ConsultationStage.NEGOTIATING
                mous.append(
                    Mou(
                        report=reports[healthcare.pk],
                        partner=partner,
                        country=country,
                        signed_on=signed_on,
                        scope=scope,
                    )
                )
        bulk_create_with_history(rows, Consultation, default_change_reason=DEMO_REASON)
        bulk_create_with_history(contracts, OnSiteContract, default_change_reason=DEMO_REASON)
        bulk_create_with_history(mous, Mou, default_change_reason=DEMO_REASON)

        for exhibitor in exhibitors:
            report = reports[exhibitor.pk]
            report.satisfaction_support = rng.choice([4, 5, 5])
            report.satisfaction_booth = rng.choice([3, 4, 5])
            report.satisfaction_matching = rng.choice([3, 4, 4, 5])
            report.would_return = rng.random() < 0.9
            report.save(
                update_fields=[
                    "satisfaction_support",
                    "satisfaction_booth",
                    "satisfaction_matching",
                    "would_return",
                ]
            )
            submitted = outcomes_due(event) + datetime.timedelta(
                days=rng.randint(-4, 10), hours=rng.randint(0, 8)
            )
            outcomes.report_submit(report=report, user=None, now=submitted)
            outcomes.report_approve(
                report=report,
                user=staff,
                now=submitted + datetime.timedelta(days=rng.randint(1, 4)),
            )

    def returned_report(self, exhibitor, *, staff, reviewer):
        """The demo exhibitor's 2024 report: filed a week after the expo (five consultations),
        then returned by ``reviewer`` with a comment: a meeting is missing. It stays returned
        (editable) for the exhibitor to add the row and submit again."""
        event = exhibitor.pavilion.event
        report = outcomes.report_get_or_create(exhibitor)
        rows = [
            Consultation(
                report=report,
                met_on=event.starts_on + datetime.timedelta(days=day),
                buyer_organisation=buyer,
                buyer_country=country,
                buyer_type=buyer_type,
                product=f"{exhibitor.company.name_en} platform",
                amount_usd=amount,
                expected_contract_usd=0,
                stage=ConsultationStage.CONSULTED,
            )
            for day, buyer, country, buyer_type, amount in RETURNED_CONSULTATIONS
        ]
        bulk_create_with_history(rows, Consultation, default_change_reason=DEMO_REASON)
        outcomes.report_submit(report=report, user=None, now=outcomes_due(event))
        outcomes.report_return(report=report, user=reviewer, comment=RETURNED_COMMENT)

    def floor(self, pavilion):
        """The 23 m × 12 m floor: staff place the stage, the meeting lounge and the three
        district booths along the back; the generator fills rows of 3 m × 3 m company booths
        around them (two rows back to back, a 2 m aisle, a third row); then the automatic
        allocation places the exhibitors, grouped by theme."""
        if pavilion.booths.exists():
            return
        fixed = [
            ("D1", BoothKind.DISTRICT, 3, 8, 3, 3),
            ("D2", BoothKind.DISTRICT, 6, 8, 3, 3),
            ("D3", BoothKind.DISTRICT, 9, 8, 3, 3),
            ("ST", BoothKind.STAGE, 12, 8, 6, 4),
            ("ML", BoothKind.MEETING_LOUNGE, 18, 8, 5, 4),
        ]
        for code, kind, x, y, width, depth in fixed:
            booths.booth_save(
                booth=Booth(
                    pavilion=pavilion, code=code, kind=kind, x=x, y=y, width=width, depth=depth
                )
            )
        booths.layout_generate(pavilion=pavilion, aisle=2)
        booths.pavilion_allocate(pavilion=pavilion)

    def side_events_2024(self, pavilion):
        items = [
            (
                SideEventKind.FORUM,
                "4th Smart City Seoul Forum",
                "제4회 스마트시티 서울 포럼",
                at(2024, 11, 5, 15),
            ),
            (SideEventKind.RECEPTION, "Seoul Night", "서울의 밤", at(2024, 11, 5, 19)),
            (
                SideEventKind.IR_PITCHING,
                "Smart Seoul IR Pitching Day",
                "스마트 서울 IR 피칭 데이",
                at(2024, 11, 6, 14),
            ),
            (
                SideEventKind.PROMOTION,
                "Smart Life Week promotion",
                "스마트 라이프 위크 홍보",
                at(2024, 11, 7, 11),
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

    def upcoming(self, series):
        """The next edition, with a call open around today whatever the day the demo runs."""
        year = upcoming_scewc_year(self.today)
        starts_on = datetime.date(year, 11, 16)
        event = self.scewc(series, year, starts_on, Decimal("1400.00"))
        opens = datetime.datetime.combine(
            self.today - datetime.timedelta(days=14), datetime.time(10), SEOUL
        )
        closes = datetime.datetime.combine(
            self.today + datetime.timedelta(days=45), datetime.time(18), SEOUL
        )
        self.pavilion(
            event,
            opens=opens,
            closes=closes,
            confirms=closes + datetime.timedelta(days=21),
            reviews=closes + datetime.timedelta(days=14),
            reports=at(year, 12, 18, 18),
        )
        return event

    def users(self, applicant):
        User = get_user_model()
        staff, created = User.objects.get_or_create(
            username=STAFF_EMAIL,
            defaults={
                "email": STAFF_EMAIL,
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Demo",
                "last_name": "Staff",
            },
        )
        if created:
            staff.set_password(DEMO_PASSWORD)
            staff.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(  # verified, so that it can log in straight away
            user=staff, email=staff.email, defaults={"verified": True, "primary": True}
        )
        return {
            "staff": staff,
            "company": self.company_user(COMPANY_EMAIL, applicant, "하준", "유"),
        }

    def company_user(self, email, company, first_name, last_name):
        """A verified user, owner of ``company``."""
        member, created = get_user_model().objects.get_or_create(
            username=email,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        if created:
            member.set_password(DEMO_PASSWORD)
            member.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=member, defaults={"company": company, "role": MembershipRole.OWNER}
        )
        EmailAddress.objects.get_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
        return member

    def role_users(self):
        """One staff account per role, in its group only (no superuser)."""
        User = get_user_model()
        accounts = {}
        for account in ROLE_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=account.email,
                defaults={
                    "email": account.email,
                    "is_staff": True,
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=account.group))
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            accounts[account.email] = user
        return accounts


#: The reason the audit trail gives for the demo data.
DEMO_REASON = "demo data"


def seed_demo(today=None, stdout=None):
    with audit(reason=DEMO_REASON):
        return DemoSeeder(today=today, stdout=stdout).run()
