"""The demo data's content for "Meet the buyers" (issue 16): what the 2024 exhibitors
published in the catalogue, the buyers who signed up (the organisations of the 2024
consultations, :data:`exhibitors.demo.content.BUYERS`), the meeting times and places, and
the words of their requests and answers. Invented, but in line with the companies' sectors
and the buyers' markets. :mod:`exhibitors.demo.buyers` writes them."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from exhibitors.outcomes.models import BuyerType

BUYER_EMAIL = "buyer@example.com"
#: The demo buyer login's organisation (Spain, the host country, the busiest market).
DEMO_BUYER_ORGANISATION = "Barcelona Urban Lab"
#: The expo's time zone (SCEWC is in Barcelona).
EXPO_TIME_ZONE = "Europe/Madrid"


@dataclass(frozen=True)
class CatalogueText:
    product_ko: str
    product_en: str
    summary_ko: str
    summary_en: str
    markets: tuple[str, ...]
    partners: tuple[str, ...]
    show_logo: bool = True
    show_website: bool = True


D, E, P, I, O = (  # noqa: E741 (short names for the table below)
    BuyerType.DISTRIBUTOR,
    BuyerType.END_CUSTOMER,
    BuyerType.PUBLIC_BODY,
    BuyerType.INVESTOR,
    BuyerType.OTHER,
)

#: What each 2024 company agreed to publish, by the serial of its registration number.
CATALOGUE_2024 = {
    "101810008": CatalogueText(
        "스마트가드 지능형 CCTV 분석",
        "SmartGuard CCTV Analytics",
        "도시 CCTV 영상에서 쓰러짐·화재·군중 밀집을 AI가 실시간으로 찾아 관제센터에 알립니다. "
        "국내 40개 지자체에서 운영 중입니다.",
        "AI that spots falls, fires and crowding in a city's CCTV feeds in real time and alerts "
        "the control room. In use in 40 Korean municipalities.",
        ("ES", "AE", "SA", "VN"),
        (P, D),
    ),
    "101810009": CatalogueText(
        "하늘 점검 드론",
        "Haneul Inspection Drone",
        "교량·태양광 발전소·송전선을 자율 비행으로 점검하고 결함 보고서를 자동으로 만듭니다.",
        "Autonomous drones that inspect bridges, solar farms and power lines and write the "
        "defect report themselves.",
        ("ES", "DE", "AE", "SG"),
        (D, E),
    ),
    "101810010": CatalogueText(
        "공유 주차 플랫폼",
        "Shared Parking Platform",
        "비어 있는 건물·주택 주차면을 센서와 앱으로 운전자와 시간 단위로 나눕니다.",
        "Sensors and an app that share idle private parking spaces with drivers by the hour.",
        ("ES", "FR", "VN", "JP"),
        (P, D, I),
    ),
    "101810011": CatalogueText(
        "빛길 적응형 가로등",
        "Bitgil Adaptive Streetlight",
        "차량과 보행자에 맞춰 밝기를 조절하는 원격 관리 LED 가로등으로 전력을 60% 줄입니다.",
        "Remotely managed LED streetlights that dim with traffic and pedestrians, saving 60% "
        "of the power.",
        ("ES", "IT", "PT", "SA"),
        (D, P),
    ),
    "101810012": CatalogueText(
        "우리 누수 탐지",
        "Woori Leak Detection",
        "음향 센서와 AI로 상수도관 누수 위치를 1m 안팎으로 찾아냅니다.",
        "Acoustic sensors and AI that locate leaks in water mains to within a metre.",
        ("ES", "NL", "VN", "SA"),
        (E, P),
    ),
    "101810013": CatalogueText(
        "시티트윈 스튜디오",
        "CityTwin Studio",
        "측량·센서 데이터로 도시의 3D 디지털 트윈을 만들어 도시계획과 침수 시뮬레이션에 씁니다.",
        "A 3D digital twin of a district built from survey and sensor data, for planning and "
        "flood simulation.",
        ("ES", "DE", "GB", "SG"),
        (P, I),
    ),
    "101810014": CatalogueText(
        "케어브릿지 홈 모니터링",
        "CareBridge Home Monitoring",
        "홀로 사는 어르신의 생활을 비접촉 센서로 살피고 이상이 있으면 돌봄 인력에게 알립니다.",
        "Contact-free sensors that look after elderly people living alone and alert their "
        "carers when something is wrong.",
        ("JP", "ES", "IT"),
        (P, D),
    ),
    "101810015": CatalogueText(
        "보도 배송 로봇",
        "Sidewalk Delivery Robot",
        "보도를 자율 주행하며 택배와 음식을 배달하는 로봇입니다.",
        "Robots that drive themselves along pavements to deliver parcels and meals.",
        ("US", "AE", "SG", "JP"),
        (I, D),
        show_website=False,
    ),
    "101810016": CatalogueText(
        "메디AI 트리아지",
        "MediAI Triage",
        "흉부 X선을 AI가 판독해 응급 환자의 우선순위를 정합니다.",
        "AI that reads chest X-rays and sorts emergency patients by urgency.",
        ("PL", "JP", "ES", "SA"),
        (E, D),
    ),
    "101810017": CatalogueText(
        "탄소제로 빌딩 원장",
        "CarbonZero Building Ledger",
        "계량기 데이터로 건물의 탄소 배출을 측정하고 보고서를 만듭니다.",
        "Measures a building's carbon emissions from its meter data and writes the report.",
        ("ES", "DE", "NL", "GB"),
        (E, I),
    ),
    "101810018": CatalogueText(
        "온길 무장애 길안내",
        "Ongil Barrier-free Navigation",
        "휠체어 이용자와 시각장애인을 위한 보행 길안내로 계단 없는 경로를 알려 줍니다.",
        "Walking directions for wheelchair users and blind people, along step-free routes.",
        ("ES", "FR", "US"),
        (P, O),
    ),
    "101810019": CatalogueText(
        "블루포트 터미널 OS",
        "BluePort Terminal OS",
        "컨테이너 터미널의 선석·야드 작업 계획을 최적화합니다.",
        "Berth and yard planning for container terminals.",
        ("ES", "PT", "NL", "VN"),
        (E, D),
    ),
    "101810020": CatalogueText(
        "스마트 재활용 키오스크",
        "Smart Recycling Kiosk",
        "캔과 페트병을 분류해 회수하고 포인트로 보상하는 무인 키오스크입니다.",
        "A kiosk that sorts and takes back cans and PET bottles and rewards people with points.",
        ("ES", "FR", "IT", "AE"),
        (P, D),
    ),
    "101810021": CatalogueText(
        "빌딩브레인 BEMS",
        "BuildingBrain BEMS",
        "사무실과 병원 건물의 에너지를 AI로 관리합니다.",
        "AI energy management for offices and hospitals.",
        ("ES", "DE", "PL", "SA"),
        (D, E),
    ),
    "101810022": CatalogueText(
        "페이시티 지역화폐",
        "PayCity Local Currency",
        "도시가 발행하는 모바일 지역화폐와 결제 플랫폼입니다.",
        "A mobile local currency and payment platform that a city issues.",
        ("ES", "VN", "US"),
        (P, I),
        show_logo=False,
    ),
}
#: What each district published (with its names filled in).
DISTRICT_CATALOGUE = CatalogueText(
    "스마트시티 정책과 실증 사이트",
    "Smart city policies and test beds",
    "{name_ko}는 국내외 스마트시티 솔루션의 실증 장소를 제공하고 도시 간 협력 파트너를 찾습니다.",
    "{name_en} opens its streets to Korean and foreign smart-city solutions as test beds and "
    "seeks partner cities.",
    ("ES", "DE", "AE", "VN"),
    (P, O),
)

#: When the catalogue went public: three weeks before the expo (Korea time).
CATALOGUE_PUBLISHED = datetime.datetime(2024, 10, 14, 10, tzinfo=ZoneInfo("Asia/Seoul"))
#: When the exhibitors agreed to publish their entries (days before publication).
CATALOGUE_AGREED_DAYS_BEFORE = (10, 3)

#: Meeting times on each expo day (local time): 30-minute meetings from 10:00 to 12:00 and
#: from 14:00 to 17:00.
MEETING_BLOCKS = [(datetime.time(10), datetime.time(12)), (datetime.time(14), datetime.time(17))]
MEETING_MINUTES = 30
LOUNGE_TABLES = 6


@dataclass(frozen=True)
class DemoBuyer:
    organisation: str
    buyer_type: str
    first_name: str
    last_name: str


#: The buyers with an account, one per organisation of :data:`~exhibitors.demo.content.BUYERS`
#: (their country comes from there), and what kind of buyer each is.
BUYER_ACCOUNTS = [
    DemoBuyer("Barcelona Urban Lab", E, "Laia", "Puig"),
    DemoBuyer("Iberia Smart Grid", E, "Javier", "Ortega"),
    DemoBuyer("Catalunya Mobilitat", P, "Marc", "Soler"),
    DemoBuyer("Madrid Ciudad Digital", P, "Lucia", "Navarro"),
    DemoBuyer("Valencia Port Tech", D, "Pablo", "Ferrer"),
    DemoBuyer("Rhein Mobility", D, "Jonas", "Weber"),
    DemoBuyer("Berlin Stadtwerke Digital", E, "Anna", "Schmidt"),
    DemoBuyer("Bavaria Sensorik", D, "Felix", "Huber"),
    DemoBuyer("Kansai Systems", D, "Haruto", "Tanaka"),
    DemoBuyer("Tokyo Urban Solutions", D, "Yui", "Sato"),
    DemoBuyer("Osaka Care Network", E, "Kenji", "Yamamoto"),
    DemoBuyer("Vistula Logistics", D, "Piotr", "Kowalski"),
    DemoBuyer("Warsaw Smart City Office", P, "Agnieszka", "Nowak"),
    DemoBuyer("Krakow MedTech", D, "Marta", "Wisniewska"),
    DemoBuyer("Pacific Urban Tech", D, "Emily", "Carter"),
    DemoBuyer("Boston Civic Ventures", I, "Daniel", "Brooks"),
    DemoBuyer("Austin Mobility Fund", I, "Olivia", "Reed"),
    DemoBuyer("Seine Innovation", O, "Camille", "Martin"),
    DemoBuyer("Lyon Mobilités", P, "Hugo", "Bernard"),
    DemoBuyer("Gulf Smart City", P, "Omar", "Haddad"),
    DemoBuyer("Dubai Future Mobility", E, "Layla", "Mansour"),
    DemoBuyer("Lion City Ventures", I, "Wei Ling", "Tan"),
    DemoBuyer("Marina Digital", D, "Ravi", "Kumar"),
    DemoBuyer("Mekong Digital", D, "Minh", "Nguyen"),
    DemoBuyer("Hanoi Smart Infra", P, "Thu", "Tran"),
    DemoBuyer("Thames Infrastructure", E, "James", "Wright"),
    DemoBuyer("Manchester Data Works", O, "Sophie", "Hughes"),
    DemoBuyer("Delta Water", E, "Daan", "de Vries"),
    DemoBuyer("Amsterdam Smart Hub", P, "Sanne", "Bakker"),
    DemoBuyer("Milano Living", E, "Giulia", "Rossi"),
    DemoBuyer("Torino Mobilità", P, "Luca", "Conti"),
    DemoBuyer("Riyadh Future", P, "Faisal", "Alharbi"),
    DemoBuyer("NEOM Urban Systems", E, "Noura", "Alqahtani"),
    DemoBuyer("Lisboa Smart Port", E, "Joao", "Silva"),
]
#: Buyers who signed up for the coming edition and wait for staff's approval (organisation,
#: country, type, first and last name, days before the demo's today).
PENDING_BUYERS = [
    ("Porto Digital Hub", "PT", D, "Ines", "Costa", 2),
    ("Jeddah Smart Mobility", "SA", P, "Khalid", "Alsaud", 5),
]
#: What each kind of buyer says it is looking for.
INTERESTS = {
    D: "Smart-city products to distribute in our market: sensors, platforms, lighting.",
    E: "Solutions we can buy and run ourselves, with references from other cities.",
    P: "Pilots for our city: mobility, safety, energy and services for citizens.",
    I: "Start-ups ready to scale abroad, seed to Series B.",
    O: "Partners for joint projects and research with cities.",
}

#: Why the buyers asked for a meeting ({product}: the exhibitor's catalogue product).
REQUEST_REASONS = [
    "We would like to see {product} and talk about a pilot next year.",
    "Looking for a partner to bring {product} to our market.",
    "Could you show us {product} and its pricing?",
    "Our city plans a tender in this field; we want to learn about {product}.",
]
#: Why buyers asked a district for a meeting.
DISTRICT_REASONS = [
    "We are looking for a test bed in Seoul for our solutions.",
    "We would like to talk about a city-to-city partnership.",
]
#: Why exhibitors declined, and why meetings were cancelled.
DECLINE_ANSWERS = [
    "Our booth is fully booked that day; let us meet at Smart Life Week in Seoul.",
    "We do not sell in your market yet; we will write when we do.",
    "Our product is not a fit for distribution; we sell to cities directly.",
]
CANCEL_ANSWERS = [
    "My flight was changed and I arrive a day later. Sorry!",
    "Our CEO has to leave the expo early; we will call you instead.",
]
#: The requests and meetings of 2024 beside the held ones: how many of each.
DECLINED, EXPIRED, CANCELLED, NO_SHOW = 8, 6, 3, 4
