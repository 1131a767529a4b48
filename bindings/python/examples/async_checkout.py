"""The same checkout with asyncio: python examples/async_checkout.py ENDPOINT private.pem"""

import asyncio
import sys
from decimal import Decimal

import httpx

from amazon_pay import AsyncAmazonPayClient, Price


async def main(endpoint: str, pem: str) -> None:
    usd = Price(Decimal("14.00"), "USD")
    async with AsyncAmazonPayClient("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", pem, "us", endpoint=endpoint) as client:
        web = {"checkoutReviewReturnUrl": "https://shop.example/review"}
        session = await client.create_checkout_session({"webCheckoutDetails": web, "storeId": "store-1"})
        sid = session.checkout_session_id or ""
        await client.update_checkout_session(sid, {
            "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
            "paymentDetails": {"paymentIntent": "AuthorizeWithCapture", "chargeAmount": usd},
        })
        async with httpx.AsyncClient() as buyer:  # the buyer pays (sandbox only)
            await buyer.get(f"{endpoint}/__sandbox/buyer/{sid}/approve?card=1111")
        done = await client.complete_checkout_session(sid, {"chargeAmount": usd})
        assert done.charge_id
        charge = await client.get_charge(done.charge_id)
        print("charge", charge.charge_id, charge.status.state if charge.status else "?")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], open(sys.argv[2]).read()))
