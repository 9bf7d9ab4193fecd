"""Provinces, cities, customs districts and specific areas: tables (8), (9), (10) and (11).

ASSUMED (no saved real page of these tables exists; their index rows' titles are CONFIRMED): the
labels, GACC's English names of China's provinces ("Jiangsu Province", the form a peer's test of
table (8) uses, with a city row "Xuzhou" under its province), the 42 customs districts and the
special customs supervision areas by kind ("Xuzhou CBZ", "Xuzhou BLC" in the same peer's test
of table (11)). Shares are per cent of the flow around 2024 (mid-year anchors where they moved):
Guangdong the largest exporting province, Beijing's imports high (state-owned importers of fuel
are registered there), Shanghai the largest customs district.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    export_share: dict[int, float]
    import_share: dict[int, float]
    parent: str | None = None  # a city's province, a zone's kind

    def shares(self, flow: str) -> dict[int, float]:
        return self.export_share if flow == "export" else self.import_share


A = Area


def flat(export: float, imports: float) -> tuple[dict[int, float], dict[int, float]]:
    return {2024: export}, {2024: imports}


# ISO 3166-2:CN codes; export and import shares (per cent of China's total).
PROVINCES: tuple[Area, ...] = (
    A("CN-BJ", "Beijing", {2017: 2.4, 2024: 2.4}, {2017: 13.0, 2022: 16.0, 2024: 14.5}),
    A("CN-TJ", "Tianjin", *flat(1.4, 3.3)),
    A("CN-HE", "Hebei Province", *flat(1.4, 1.0)),
    A("CN-SX", "Shanxi Province", *flat(0.4, 0.4)),
    A("CN-NM", "Inner Mongolia Autonomous Region", *flat(0.2, 0.6)),
    A("CN-LN", "Liaoning Province", {2017: 1.9, 2024: 1.3}, {2017: 2.9, 2024: 2.5}),
    A("CN-JL", "Jilin Province", *flat(0.2, 0.9)),
    A("CN-HL", "Heilongjiang Province", *flat(0.3, 1.1)),
    A("CN-SH", "Shanghai", {2017: 8.6, 2024: 5.9}, {2017: 16.5, 2024: 14.0}),
    A("CN-JS", "Jiangsu Province", {2017: 16.9, 2024: 13.6}, {2017: 11.5, 2024: 9.5}),
    A("CN-ZJ", "Zhejiang Province", {2017: 13.0, 2024: 14.5, 2026: 15.0}, {2017: 5.8, 2024: 7.5}),
    A("CN-AH", "Anhui Province", {2017: 1.3, 2024: 2.1}, {2024: 1.3}),
    A("CN-FJ", "Fujian Province", *flat(4.6, 4.2)),
    A("CN-JX", "Jiangxi Province", *flat(1.5, 0.5)),
    A("CN-SD", "Shandong Province", {2017: 6.2, 2024: 7.3}, {2024: 7.0}),
    A("CN-HA", "Henan Province", *flat(1.7, 1.5)),
    A("CN-HB", "Hubei Province", *flat(1.3, 1.2)),
    A("CN-HN", "Hunan Province", {2017: 0.8, 2024: 1.3}, {2024: 0.7}),
    A("CN-GD", "Guangdong Province", {2017: 27.5, 2020: 24.5, 2024: 22.5, 2026: 22.0}, {2017: 21.0, 2024: 17.5}),
    A("CN-GX", "Guangxi Zhuang Autonomous Region", *flat(1.2, 1.3)),
    A("CN-HI", "Hainan Province", *flat(0.3, 0.8)),
    A("CN-CQ", "Chongqing", *flat(1.4, 1.0)),
    A("CN-SC", "Sichuan Province", *flat(1.7, 1.7)),
    A("CN-GZ", "Guizhou Province", *flat(0.2, 0.1)),
    A("CN-YN", "Yunnan Province", *flat(0.4, 0.8)),
    A("CN-XZ", "Tibet Autonomous Region", *flat(0.02, 0.01)),
    A("CN-SN", "Shaanxi Province", *flat(0.8, 1.0)),
    A("CN-GS", "Gansu Province", *flat(0.1, 0.3)),
    A("CN-QH", "Qinghai Province", *flat(0.01, 0.02)),
    A("CN-NX", "Ningxia Hui Autonomous Region", *flat(0.05, 0.05)),
    A("CN-XJ", "Xinjiang Uygur Autonomous Region", {2017: 0.8, 2024: 1.2}, {2024: 0.4}),
)

# Cities printed under their province in table (8): "of which" rows, a share of the province
# (per cent); the province is not their sum.
CITIES: tuple[tuple[str, str, str, float], ...] = (
    ("CN-GD", "SZX", "Shenzhen", 36.0),
    ("CN-GD", "DGG", "Dongguan", 15.0),
    ("CN-GD", "CAN", "Guangzhou", 13.0),
    ("CN-GD", "FOS", "Foshan", 8.0),
    ("CN-ZJ", "NGB", "Ningbo", 25.0),
    ("CN-ZJ", "JHA", "Jinhua", 21.0),
    ("CN-ZJ", "HGH", "Hangzhou", 17.0),
    ("CN-JS", "SZV", "Suzhou", 42.0),
    ("CN-JS", "WUX", "Wuxi", 12.0),
    ("CN-JS", "NKG", "Nanjing", 10.0),
    ("CN-JS", "XUZ", "Xuzhou", 3.0),
    ("CN-SD", "TAO", "Qingdao", 33.0),
    ("CN-SD", "YNT", "Yantai", 10.0),
    ("CN-SD", "TNA", "Jinan", 6.0),
    ("CN-FJ", "XMN", "Xiamen", 40.0),
    ("CN-FJ", "FOC", "Fuzhou", 20.0),
    ("CN-LN", "DLC", "Dalian", 55.0),
    ("CN-LN", "SHE", "Shenyang", 20.0),
    ("CN-HA", "CGO", "Zhengzhou", 70.0),
    ("CN-SC", "CTU", "Chengdu", 85.0),
    ("CN-HB", "WUH", "Wuhan", 55.0),
    ("CN-HN", "CSX", "Changsha", 45.0),
    ("CN-AH", "HFE", "Hefei", 40.0),
    ("CN-SN", "XIY", "Xi'an", 85.0),
    ("CN-GX", "NNG", "Nanning", 30.0),
    ("CN-YN", "KMG", "Kunming", 50.0),
    ("CN-XJ", "URC", "Urumqi", 30.0),
)

CUSTOMS_DISTRICTS: tuple[Area, ...] = tuple(
    A(code, f"{name} Customs District", *flat(export, imports))
    for code, name, export, imports in (
        ("BJ", "Beijing", 2.5, 8.0),
        ("TJ", "Tianjin", 4.0, 6.0),
        ("SJZ", "Shijiazhuang", 1.0, 0.7),
        ("TY", "Taiyuan", 0.4, 0.3),
        ("MZL", "Manzhouli", 0.2, 0.6),
        ("HHHT", "Hohhot", 0.2, 0.5),
        ("SY", "Shenyang", 0.8, 1.0),
        ("DL", "Dalian", 1.5, 2.5),
        ("CC", "Changchun", 0.3, 0.8),
        ("HEB", "Harbin", 0.3, 1.0),
        ("SH", "Shanghai", 22.0, 22.0),
        ("NJ", "Nanjing", 8.0, 6.0),
        ("HZ", "Hangzhou", 5.0, 2.0),
        ("NB", "Ningbo", 10.0, 7.0),
        ("HF", "Hefei", 1.3, 1.1),
        ("FZ", "Fuzhou", 2.0, 2.0),
        ("XM", "Xiamen", 3.0, 3.0),
        ("NC", "Nanchang", 1.2, 0.5),
        ("QD", "Qingdao", 6.0, 6.0),
        ("JN", "Jinan", 1.5, 1.5),
        ("ZZ", "Zhengzhou", 1.5, 1.2),
        ("WH", "Wuhan", 1.2, 1.0),
        ("CS", "Changsha", 1.0, 0.7),
        ("GZ", "Guangzhou", 5.0, 4.0),
        ("HP", "Huangpu", 6.0, 3.0),
        ("SZ", "Shenzhen", 12.0, 8.0),
        ("GB", "Gongbei", 2.0, 1.5),
        ("ST", "Shantou", 0.6, 0.2),
        ("HK", "Haikou", 0.3, 0.8),
        ("ZJ", "Zhanjiang", 0.2, 0.8),
        ("JM", "Jiangmen", 0.5, 0.2),
        ("NN", "Nanning", 1.2, 1.6),
        ("CQ", "Chongqing", 1.5, 1.0),
        ("CD", "Chengdu", 2.0, 2.0),
        ("GY", "Guiyang", 0.2, 0.1),
        ("KM", "Kunming", 0.5, 0.7),
        ("LS", "Lhasa", 0.02, 0.01),
        ("XA", "Xi'an", 0.8, 0.9),
        ("WLMQ", "Urumqi", 1.2, 0.4),
        ("LZ", "Lanzhou", 0.1, 0.3),
        ("XN", "Xining", 0.01, 0.02),
        ("YC", "Yinchuan", 0.05, 0.05),
    )
)

# Special customs supervision areas: their share of China's trade, then the kinds (group rows)
# and the areas under each (per cent of the kind). A kind is the sum of its areas; TOTAL of the kinds.
SPECIFIC_AREAS_SHARE = ({2017: 14.5, 2021: 17.0, 2024: 18.5}, {2017: 20.0, 2021: 23.5, 2024: 24.5})
AREA_KINDS: tuple[Area, ...] = (
    A("CBZ", "Comprehensive Bonded Zones", {2017: 45.0, 2024: 78.0}, {2017: 40.0, 2024: 74.0}),
    A("BPA", "Bonded Port Areas", {2017: 12.0, 2024: 9.0}, {2017: 14.0, 2024: 11.0}),
    A("BZ", "Bonded Zones", {2017: 14.0, 2024: 4.0}, {2017: 18.0, 2024: 6.0}),
    A("EPZ", "Export Processing Zones", {2017: 24.0, 2024: 2.0}, {2017: 20.0, 2024: 2.0}),
    A("BLP", "Bonded Logistics Parks", {2017: 2.0, 2024: 1.5}, {2017: 3.0, 2024: 2.5}),
    A("BLC", "Bonded Logistics Centers", {2017: 2.5, 2024: 5.0}, {2017: 4.5, 2024: 4.0}),
    A("CIZ", "Cross-border Industrial Zones", {2017: 0.5, 2024: 0.5}, {2017: 0.5, 2024: 0.5}),
)
SPECIFIC_AREAS: tuple[tuple[str, str, str, float], ...] = (
    ("CBZ", "SIP-CBZ", "Suzhou Industrial Park CBZ", 9.0),
    ("CBZ", "KS-CBZ", "Kunshan CBZ", 7.0),
    ("CBZ", "ZZ-CBZ", "Zhengzhou Xinzheng CBZ", 12.0),
    ("CBZ", "CQ-CBZ", "Chongqing Xiyong CBZ", 6.0),
    ("CBZ", "CD-CBZ", "Chengdu High-tech CBZ", 8.0),
    ("CBZ", "XA-CBZ", "Xi'an High-tech CBZ", 3.5),
    ("CBZ", "WH-CBZ", "Wuhan East Lake CBZ", 2.5),
    ("CBZ", "SZ-CBZ", "Shenzhen Pingshan CBZ", 2.0),
    ("CBZ", "GZ-CBZ", "Guangzhou Baiyun Airport CBZ", 2.0),
    ("CBZ", "TJ-CBZ", "Tianjin Binhai New Area CBZ", 3.0),
    ("CBZ", "XZ-CBZ", "Xuzhou CBZ", 0.8),
    ("CBZ", "OT-CBZ", "Other Comprehensive Bonded Zones", 44.2),
    ("BPA", "YS-BPA", "Yangshan Bonded Port Area", 38.0),
    ("BPA", "DJ-BPA", "Tianjin Dongjiang Bonded Port Area", 14.0),
    ("BPA", "QH-BPA", "Shenzhen Qianhaiwan Bonded Port Area", 12.0),
    ("BPA", "NS-BPA", "Guangzhou Nansha Bonded Port Area", 10.0),
    ("BPA", "OT-BPA", "Other Bonded Port Areas", 26.0),
    ("BZ", "WGQ-BZ", "Shanghai Waigaoqiao Bonded Zone", 70.0),
    ("BZ", "OT-BZ", "Other Bonded Zones", 30.0),
    ("BLC", "XZ-BLC", "Xuzhou BLC", 2.0),
    ("BLC", "OT-BLC", "Other Bonded Logistics Centers", 98.0),
    ("CIZ", "ZM-CIZ", "Zhuhai-Macao Cross-border Industrial Zone", 60.0),
    ("CIZ", "HG-CIZ", "Horgos International Border Cooperation Center", 40.0),
)
