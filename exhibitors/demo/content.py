"""The demo data's content: the facts of ../shared/MISSION.md (the 2023 and 2024 editions, their
published figures), the invented companies, districts, applicants and buyers, and the demo
accounts. The code that writes them is in the other modules of this package, one per domain.
"""

from dataclasses import dataclass

from exhibitors import roles
from exhibitors.companies import registration
from exhibitors.companies.models import ExhibitorRole
from exhibitors.outcomes.models import BuyerType

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


#: The reason the audit trail gives for the demo data.
DEMO_REASON = "demo data"
