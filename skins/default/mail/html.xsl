<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML part of every mail (docs/skins.md, "Mail"); the model is the
  one text.xsl reads.  Mail readers ignore style sheets, so styles are
  inline and the layout is one narrow table.  A brand overrides the
  named templates mail-html-header and mail-html-footer, or the
  variables mail-color and mail-font.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="mail-color">
    <xsl:choose>
      <xsl:when test="/mail/brand/@color != ''"><xsl:value-of select="/mail/brand/@color"/></xsl:when>
      <xsl:otherwise>#2f5bea</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="mail-font" select="'font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2430;'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="mail"/>
  </xsl:template>

  <xsl:template match="mail">
    <html lang="en">
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="subject"/></title>
      </head>
      <body style="margin: 0; padding: 0; background: #f4f5f7;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background: #f4f5f7;">
          <tr>
            <td align="center" style="padding: 24px 12px;">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width: 560px; background: #ffffff; border-radius: 6px; {$mail-font}">
                <tr><td style="padding: 20px 28px; border-bottom: 3px solid {$mail-color};">
                  <xsl:call-template name="mail-html-header"/>
                </td></tr>
                <tr><td style="padding: 24px 28px;">
                  <p style="margin: 0 0 16px;"><xsl:value-of select="greeting"/></p>
                  <xsl:if test="intro">
                    <p style="margin: 0 0 16px;"><xsl:value-of select="intro"/></p>
                  </xsl:if>
                  <xsl:if test="@type = 'digest'">
                    <p style="margin: 0 0 16px;">Here is what happened at <xsl:value-of select="brand/@name"/>:</p>
                  </xsl:if>
                  <xsl:apply-templates select="items/item"/>
                  <xsl:if test="action">
                    <p style="margin: 24px 0;">
                      <a href="{action/@href}" style="display: inline-block; padding: 10px 18px; background: {$mail-color}; color: #ffffff; text-decoration: none; border-radius: 4px; font-weight: bold;">
                        <xsl:value-of select="action"/>
                      </a>
                    </p>
                    <p style="margin: 0 0 16px; font-size: 13px; color: #5b6170;">
                      <xsl:text>Or paste this address into your browser: </xsl:text>
                      <xsl:value-of select="action/@href"/>
                    </p>
                  </xsl:if>
                  <xsl:if test="note">
                    <p style="margin: 0 0 16px; font-size: 13px; color: #5b6170;"><xsl:value-of select="note"/></p>
                  </xsl:if>
                </td></tr>
                <tr><td style="padding: 16px 28px; border-top: 1px solid #e4e6eb; font-size: 13px; color: #5b6170;">
                  <xsl:call-template name="mail-html-footer"/>
                </td></tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  </xsl:template>

  <!-- One notice: subject (a link when it has one), text, when. -->
  <xsl:template match="item">
    <div style="margin: 0 0 16px; padding: 12px 14px; border-left: 3px solid {$mail-color}; background: #f8f9fb;">
      <xsl:if test="@label">
        <div style="font-size: 12px; color: #5b6170; text-transform: uppercase; letter-spacing: 0.04em;"><xsl:value-of select="@label"/></div>
      </xsl:if>
      <div style="font-weight: bold;">
        <xsl:choose>
          <xsl:when test="@href"><a href="{@href}" style="color: {$mail-color};"><xsl:value-of select="subject"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="subject"/></xsl:otherwise>
        </xsl:choose>
      </div>
      <xsl:if test="text"><div><xsl:value-of select="text"/></div></xsl:if>
      <xsl:if test="@when"><div style="font-size: 12px; color: #5b6170;"><xsl:value-of select="@when"/></div></xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="mail-html-header">
    <a href="{/mail/brand/@url}" style="color: #1f2430; text-decoration: none; font-size: 18px; font-weight: bold;">
      <xsl:if test="/mail/brand/@logo != ''">
        <img src="{/mail/brand/@logo}" alt="" height="32" style="vertical-align: middle; margin-right: 8px; border: 0;"/>
      </xsl:if>
      <xsl:value-of select="/mail/brand/@name"/>
    </a>
  </xsl:template>

  <xsl:template name="mail-html-footer">
    <xsl:value-of select="/mail/brand/@name"/>
    <xsl:if test="/mail/@type != 'message'">
      <xsl:text> · </xsl:text>
      <a href="{/mail/prefs/@href}" style="color: #5b6170;">Choose which mails you get</a>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
