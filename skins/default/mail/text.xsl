<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text part of every mail (docs/skins.md, "Mail").  The model:
    <mail type="notice|digest|message">
      <brand name logo color url/> <to email name/> <subject/>
      <greeting/> <prefs href/>
      <items><item kind label when href><subject/><text/></item></items>
      <intro/> <action href/> <note/>        (type message)
    </mail>
  Every href is absolute.  A brand overrides the named templates
  mail-text-signature and mail-text-footer.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="mail"/>
  </xsl:template>

  <xsl:template match="mail">
    <xsl:value-of select="greeting"/>
    <xsl:value-of select="concat($nl, $nl)"/>
    <xsl:if test="intro">
      <xsl:value-of select="intro"/>
      <xsl:value-of select="concat($nl, $nl)"/>
    </xsl:if>
    <xsl:if test="@type = 'digest'">
      <xsl:text>Here is what happened at </xsl:text>
      <xsl:value-of select="brand/@name"/>
      <xsl:text>:</xsl:text>
      <xsl:value-of select="concat($nl, $nl)"/>
    </xsl:if>
    <xsl:apply-templates select="items/item"/>
    <xsl:if test="action">
      <xsl:value-of select="action"/>
      <xsl:text>:</xsl:text>
      <xsl:value-of select="$nl"/>
      <xsl:value-of select="action/@href"/>
      <xsl:value-of select="concat($nl, $nl)"/>
    </xsl:if>
    <xsl:if test="note">
      <xsl:value-of select="note"/>
      <xsl:value-of select="concat($nl, $nl)"/>
    </xsl:if>
    <xsl:call-template name="mail-text-signature"/>
    <xsl:if test="@type != 'message'">
      <xsl:call-template name="mail-text-footer"/>
    </xsl:if>
  </xsl:template>

  <!-- One notice: its subject, text and link, each on a line. -->
  <xsl:template match="item">
    <xsl:if test="../../@type = 'digest'"><xsl:text>- </xsl:text></xsl:if>
    <xsl:value-of select="subject"/>
    <xsl:if test="@when">
      <xsl:text> (</xsl:text><xsl:value-of select="@when"/><xsl:text>)</xsl:text>
    </xsl:if>
    <xsl:value-of select="$nl"/>
    <xsl:if test="text">
      <xsl:if test="../../@type = 'digest'"><xsl:text>  </xsl:text></xsl:if>
      <xsl:value-of select="text"/>
      <xsl:value-of select="$nl"/>
    </xsl:if>
    <xsl:if test="@href">
      <xsl:if test="../../@type = 'digest'"><xsl:text>  </xsl:text></xsl:if>
      <xsl:text>Open it: </xsl:text>
      <xsl:value-of select="@href"/>
      <xsl:value-of select="$nl"/>
    </xsl:if>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template name="mail-text-signature">
    <xsl:text>-- </xsl:text>
    <xsl:value-of select="$nl"/>
    <xsl:value-of select="/mail/brand/@name"/>
    <xsl:value-of select="$nl"/>
    <xsl:value-of select="/mail/brand/@url"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template name="mail-text-footer">
    <xsl:value-of select="$nl"/>
    <xsl:text>Choose which mails you get: </xsl:text>
    <xsl:value-of select="/mail/prefs/@href"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>
</xsl:stylesheet>
