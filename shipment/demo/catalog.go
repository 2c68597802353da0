package demo

// item is a kind of goods as a declaration describes it, in English,
// Russian and Chinese.
type item struct {
	hs         string // as declared (dotted 6 digits)
	en, ru, zh string
	tier       string // CHPL tier of hs, "" for none (documentation; the engine classifies)
	concern    string // category of concern beyond the CHPL
}

// civilian goods: ordinary trade, none on the CHPL.
var civilian = []item{
	{hs: "6109.10", en: "Men's cotton knitted T-shirts", ru: "Футболки мужские трикотажные хлопковые", zh: "男式棉制针织T恤衫"},
	{hs: "6203.42", en: "Men's cotton denim trousers", ru: "Брюки мужские джинсовые из хлопка", zh: "男式棉制牛仔长裤"},
	{hs: "6403.99", en: "Leather footwear, women's shoes", ru: "Обувь женская кожаная", zh: "皮革女鞋"},
	{hs: "9403.60", en: "Wooden dining tables and chairs (furniture)", ru: "Мебель деревянная: столы обеденные", zh: "木制餐桌椅家具"},
	{hs: "9401.61", en: "Upholstered wooden seats, sofas", ru: "Диваны с мягкой обивкой на деревянном каркасе", zh: "木框架软垫沙发"},
	{hs: "0901.21", en: "Roasted coffee beans, not decaffeinated", ru: "Кофе жареный в зернах", zh: "焙炒咖啡豆"},
	{hs: "2204.21", en: "Red wine in bottles 0.75 l", ru: "Вино красное сухое в бутылках 0,75 л", zh: "瓶装红葡萄酒"},
	{hs: "0805.10", en: "Fresh oranges", ru: "Апельсины свежие", zh: "鲜橙"},
	{hs: "1006.30", en: "Semi-milled or wholly milled rice", ru: "Рис шлифованный", zh: "精米"},
	{hs: "1701.99", en: "Refined cane sugar", ru: "Сахар тростниковый рафинированный", zh: "精制蔗糖"},
	{hs: "8517.13", en: "Smartphones Samsung Galaxy A54 5G", ru: "Смартфоны Xiaomi Redmi Note 12", zh: "智能手机 小米 Redmi Note 12"},
	{hs: "8471.30", en: "Laptop computers Lenovo ThinkPad E14", ru: "Ноутбуки портативные Lenovo", zh: "笔记本电脑 联想"},
	{hs: "8708.29", en: "Car body parts: bumpers and doors", ru: "Части кузова автомобиля: бамперы", zh: "汽车车身零件 保险杠"},
	{hs: "9503.00", en: "Plastic toys for children", ru: "Игрушки детские пластмассовые", zh: "塑料儿童玩具"},
	{hs: "3926.90", en: "Plastic household articles, storage boxes", ru: "Изделия пластмассовые хозяйственные", zh: "塑料家居收纳盒"},
	{hs: "7208.51", en: "Hot-rolled steel plates, thickness over 10 mm", ru: "Прокат плоский горячекатаный стальной", zh: "热轧钢板"},
	{hs: "3004.90", en: "Medicaments in measured doses, tablets", ru: "Лекарственные средства в таблетках", zh: "药品 片剂"},
	{hs: "4011.10", en: "New pneumatic rubber tyres for passenger cars", ru: "Шины пневматические резиновые новые для легковых автомобилей", zh: "新的充气橡胶轮胎 轿车用"},
	{hs: "4802.56", en: "Uncoated copy paper A4, 80 g/m2", ru: "Бумага офисная для копировальной техники А4", zh: "A4复印纸"},
	{hs: "8450.11", en: "Household washing machines, fully automatic", ru: "Машины стиральные бытовые автоматические", zh: "全自动家用洗衣机"},
	{hs: "8418.10", en: "Combined refrigerator-freezers, household", ru: "Холодильники бытовые двухкамерные", zh: "家用冷藏冷冻箱"},
	{hs: "8516.60", en: "Electric ovens and cookers for domestic use", ru: "Плиты электрические бытовые", zh: "家用电烤箱"},
	{hs: "6302.31", en: "Cotton bed linen, sheets", ru: "Белье постельное из хлопка", zh: "棉制床单"},
	{hs: "4407.11", en: "Sawn pine timber", ru: "Пиломатериалы сосновые обрезные", zh: "松木锯材"},
	{hs: "3102.10", en: "Urea fertilizer, granular", ru: "Удобрение карбамид гранулированный", zh: "尿素化肥"},
	{hs: "8703.23", en: "Passenger motor cars, petrol, 1500-3000 cc", ru: "Автомобили легковые бензиновые", zh: "汽油小轿车"},
	{hs: "9506.62", en: "Inflatable footballs", ru: "Мячи футбольные надувные", zh: "充气足球"},
	{hs: "3304.99", en: "Cosmetic creams and skin care preparations", ru: "Кремы косметические для ухода за кожей", zh: "护肤霜化妆品"},
	{hs: "2106.90", en: "Food preparations, protein supplements", ru: "Пищевые продукты, белковые добавки", zh: "食品制剂 蛋白粉"},
	{hs: "9405.11", en: "LED chandeliers and ceiling lights", ru: "Люстры и светильники потолочные светодиодные", zh: "LED吊灯 吸顶灯"},
}

// chpl goods: one or more per tier.
var chpl = []item{
	{hs: "8542.31", tier: "1", en: "Microcontrollers STM32F407VGT6, integrated circuits", ru: "Микросхемы интегральные: микроконтроллеры STM32F103C8T6", zh: "集成电路 微控制器 STM32F407VGT6"},
	{hs: "8542.32", tier: "1", en: "Memory IC, DRAM MT41K256M16TW", ru: "Микросхемы памяти W25Q128JVSIQ", zh: "存储器集成电路 W25Q64"},
	{hs: "8542.33", tier: "1", en: "Operational amplifier ICs AD8605ARTZ", ru: "Микросхемы интегральные усилители", zh: "集成电路 放大器"},
	{hs: "8542.39", tier: "1", en: "FPGA Xilinx XC7K325T-2FFG900I", ru: "Программируемые логические интегральные схемы (ПЛИС) XC7Z020", zh: "现场可编程门阵列 FPGA XC7K325T"},
	{hs: "8526.91", tier: "2", en: "GNSS receiver module u-blox NEO-M8N", ru: "Модуль ГЛОНАСС/GPS навигационный приемник", zh: "北斗卫星导航定位模块"},
	{hs: "8532.24", tier: "2", en: "Multilayer ceramic chip capacitors MLCC", ru: "Конденсаторы керамические многослойные постоянной емкости", zh: "多层陶瓷片式电容器"},
	{hs: "8532.21", tier: "2", en: "Tantalum capacitors, fixed", ru: "Конденсаторы танталовые постоянной емкости", zh: "固定钽电容器"},
	{hs: "8517.62", tier: "2", en: "Industrial Ethernet switches and radio data transceivers", ru: "Аппаратура для приема и передачи данных, коммутаторы", zh: "数据传输设备 交换机"},
	{hs: "8541.29", tier: "3.A", en: "Power MOSFET transistors IRF540N", ru: "Транзисторы полевые MOSFET", zh: "场效应晶体管 MOSFET"},
	{hs: "8541.10", tier: "3.A", en: "Schottky diodes, rectifier diodes", ru: "Диоды выпрямительные Шоттки", zh: "肖特基二极管"},
	{hs: "8504.40", tier: "3.A", en: "DC-DC converters, static power converters", ru: "Преобразователи статические DC-DC", zh: "直流直流转换器 静止式变流器"},
	{hs: "8536.69", tier: "3.A", en: "RF coaxial connectors SMA, plugs and sockets", ru: "Соединители электрические радиочастотные", zh: "射频同轴连接器"},
	{hs: "8529.10", tier: "3.A", en: "GNSS antennas and aerials", ru: "Антенны навигационные", zh: "导航天线"},
	{hs: "8482.10", tier: "3.B", en: "Deep groove ball bearings 6204-2RS", ru: "Подшипники шариковые радиальные", zh: "深沟球轴承"},
	{hs: "8482.50", tier: "3.B", en: "Cylindrical roller bearings", ru: "Подшипники роликовые цилиндрические", zh: "圆柱滚子轴承"},
	{hs: "9014.20", tier: "3.B", en: "Inertial navigation units, fibre-optic gyroscopes for aircraft", ru: "Приборы навигационные авиационные, гироскопы", zh: "航空惯性导航仪 光纤陀螺"},
	{hs: "8807.30", tier: "3.B", en: "Parts of aircraft and unmanned aircraft", ru: "Части летательных аппаратов", zh: "航空器零件"},
	{hs: "9030.20", tier: "4.A", en: "Digital oscilloscopes Keysight DSOX1204G", ru: "Осциллографы цифровые", zh: "数字示波器"},
	{hs: "8534.00", tier: "4.A", en: "Printed circuit boards, multilayer", ru: "Платы печатные многослойные", zh: "多层印刷电路板"},
	{hs: "8457.10", tier: "4.B", en: "CNC vertical machining centres for metal", ru: "Центры обрабатывающие вертикальные с ЧПУ", zh: "数控立式加工中心"},
	{hs: "8458.11", tier: "4.B", en: "CNC horizontal lathes for removing metal", ru: "Станки токарные горизонтальные с ЧПУ", zh: "数控卧式车床"},
}

// concern goods: not (all) on the CHPL, but war matériel in practice.
var concern = []item{
	{hs: "8806.22", concern: "uav", en: "Quadcopter drones DJI Mavic 3 Pro", ru: "Беспилотные летательные аппараты квадрокоптеры", zh: "多旋翼无人机 四旋翼"},
	{hs: "8806.92", concern: "uav", en: "Unmanned aerial vehicle, fixed-wing UAV", ru: "Беспилотный летательный аппарат самолетного типа", zh: "固定翼无人机"},
	{hs: "8407.10", concern: "engines", en: "Aircraft piston engines Rotax 912", ru: "Двигатели авиационные поршневые", zh: "航空活塞发动机"},
	{hs: "8411.11", concern: "engines", en: "Turbojet engines for UAV, thrust under 25 kN", ru: "Двигатели турбореактивные для БПЛА", zh: "无人机用涡轮喷气发动机"},
	{hs: "8543.70", concern: "ew", en: "Anti-drone radio jammers, electronic warfare", ru: "Средства радиоэлектронной борьбы, подавители сигналов", zh: "无人机信号干扰器 电子战"},
}

// Words for party names.
var (
	enWords   = []string{"Atlas", "Nordic", "Pacific", "Summit", "Harbor", "Crescent", "Evergreen", "Pioneer", "Granite", "Silverline", "Bluewater", "Oakridge", "Horizon", "Keystone", "Meridian", "Cobalt", "Sterling", "Redwood", "Maple", "Lakeside", "Falcon", "Orchid", "Zenith", "Beacon", "Cedar", "Vertex", "Aurora", "Monarch", "Riverbend", "Sunrise"}
	enTrades  = []string{"Textiles", "Foods", "Furniture", "Apparel", "Home Goods", "Beverages", "Retail", "Distribution", "Motors", "Paper", "Steel", "Pharma", "Cosmetics", "Toys", "Appliances", "Tyres", "Agro", "Timber", "Lighting", "Sports"}
	deWords   = []string{"Bergmann", "Hoffmann", "Schäfer", "Krüger", "Lindner", "Vogel", "Brandt", "Köhler", "Wagner", "Scholz"}
	frWords   = []string{"Dubois", "Lefèvre", "Moreau", "Girard", "Bonnet", "Rousseau", "Fontaine", "Chevalier"}
	cnCities  = []string{"Shenzhen", "Guangzhou", "Ningbo", "Yiwu", "Dongguan", "Xiamen", "Suzhou", "Qingdao"}
	cnZhCity  = []string{"深圳市", "广州市", "宁波市", "义乌市", "东莞市", "厦门市", "苏州市", "青岛市"}
	cnPinyin  = []string{"Huaxin", "Jinhai", "Hongda", "Xinyuan", "Tianli", "Mingyang", "Changsheng", "Fuda", "Yongtai", "Ruifeng", "Haoyu", "Jiahe"}
	cnZhWords = []string{"华信", "金海", "宏达", "鑫源", "天利", "明阳", "长盛", "富达", "永泰", "瑞丰", "浩宇", "嘉禾"}
	cnZhTrade = []string{"纺织", "家具", "服装", "食品", "家电", "玩具", "照明", "日用品"}
	trWords   = []string{"Yildiz", "Anadolu", "Ege", "Marmara", "Karadeniz", "Bosphorus", "Toros", "Kapadokya"}
	ruWords   = []string{"Северный", "Восток", "Альфа", "Сибирь", "Волга", "Урал", "Балтика", "Меридиан", "Прогресс", "Гранит"}
	ruLatin   = []string{"Severny", "Vostok", "Alfa", "Sibir", "Volga", "Ural", "Baltika", "Meridian", "Progress", "Granit"}
	ruTech    = []string{"Техно", "Радио", "Электрон", "Микро", "Спец", "Приборы", "Компонент", "Системы"}
	streets   = []string{"Main Street", "Harbour Road", "Industrial Avenue", "Station Road", "Park Lane", "Commerce Street", "Market Square", "River Road"}
)

// country facts for the generator.
type place struct {
	code, city, legal string
}

var cleanPlaces = []place{
	{"DE", "Hamburg", "GmbH"}, {"DE", "Munich", "GmbH"}, {"FR", "Lyon", "SARL"}, {"IT", "Milan", "S.r.l."},
	{"NL", "Rotterdam", "B.V."}, {"PL", "Gdansk", "Sp. z o.o."}, {"US", "Chicago", "Inc."}, {"US", "Houston", "LLC"},
	{"GB", "Manchester", "Ltd"}, {"JP", "Osaka", "K.K."}, {"KR", "Busan", "Co., Ltd."}, {"CN", "", "Co., Ltd."},
	{"HK", "Hong Kong", "Limited"}, {"IN", "Mumbai", "Pvt. Ltd."}, {"TR", "Istanbul", "A.S."}, {"AE", "Dubai", "FZE"},
	{"BR", "Sao Paulo", "Ltda."}, {"MX", "Monterrey", "S.A. de C.V."}, {"VN", "Ho Chi Minh City", "Co., Ltd."},
	{"TH", "Bangkok", "Co., Ltd."}, {"MY", "Penang", "Sdn. Bhd."}, {"ID", "Jakarta", "PT"}, {"SG", "Singapore", "Pte. Ltd."},
	{"ES", "Valencia", "S.L."}, {"SE", "Gothenburg", "AB"}, {"CA", "Toronto", "Inc."}, {"AU", "Sydney", "Pty Ltd"},
	{"ZA", "Durban", "(Pty) Ltd"}, {"EG", "Alexandria", "S.A.E."}, {"CL", "Valparaiso", "S.A."}, {"SA", "Jeddah", "Co."},
	{"KZ", "Almaty", "LLP"}, {"NG", "Lagos", "Ltd"}, {"AR", "Buenos Aires", "S.A."},
}

// coalition places for clean CHPL trade.
var coalitionPlaces = []string{"DE", "FR", "IT", "NL", "PL", "US", "GB", "JP", "KR", "ES", "SE", "CA", "AU"}

// hubs used by the planted patterns (FIN-2022-Alert003 and tri-seal note).
var hubPlaces = []place{
	{"KZ", "Almaty", "LLP"}, {"KG", "Bishkek", "LLC"}, {"AM", "Yerevan", "LLC"}, {"AE", "Dubai", "FZE"}, {"TR", "Istanbul", "Ltd. Sti."},
	{"HK", "Hong Kong", "Limited"}, {"CN", "Shenzhen", "Co., Ltd."}, {"UZ", "Tashkent", "LLC"}, {"GE", "Tbilisi", "LLC"}, {"RS", "Belgrade", "d.o.o."},
}

// third countries outside the coalition and the hubs.
var otherPlaces = []place{
	{"MN", "Ulaanbaatar", "LLC"}, {"VN", "Hanoi", "Co., Ltd."}, {"EG", "Cairo", "S.A.E."}, {"AZ", "Baku", "LLC"},
	{"MY", "Kuala Lumpur", "Sdn. Bhd."}, {"TH", "Bangkok", "Co., Ltd."}, {"LK", "Colombo", "(Pvt) Ltd"}, {"ID", "Surabaya", "PT"},
}
